import type { Metadata } from "next";
import { formPostTitle } from "@/app/components/page-title";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { getCurrentSession } from "@/lib/sessions/dal";
import { safeRedirectPath } from "@/lib/http/request";
import { env } from "@/lib/platform/env";
import { formatDuration } from "@/lib/shared/format";
import { translatorFor } from "@/lib/platform/i18n";
import { LoginForm } from "./login-form";
import { PasskeySignIn } from "./passkey-sign-in";

export async function generateMetadata(): Promise<Metadata> {
  return { title: await formPostTitle((await getTranslations("Login"))("title")) };
}

type Search = { callbackUrl?: string | string[]; signedOut?: string; expired?: string };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const callbackUrl = safeRedirectPath(search.callbackUrl);
  if (await getCurrentSession()) redirect(callbackUrl);
  const [t, locale] = await Promise.all([getTranslations("Login"), getLocale()]);
  return (
    <div className="card">
      <h1>{t("title")}</h1>
      {search.signedOut === "everywhere" && (
        <div className="alert ok" role="status">
          {t("signedOutEverywhere")}
        </div>
      )}
      {search.signedOut === "1" && (
        <div className="alert ok" role="status">
          {t("signedOut")}
        </div>
      )}
      {search.expired === "second-step" && (
        <div className="alert info" role="status">
          {t("secondStepExpired")}
        </div>
      )}
      {!search.signedOut && !search.expired && search.callbackUrl && (
        <div className="alert info" role="status">
          {t("signInToContinue")}
        </div>
      )}
      <ClientMessages namespaces={["Login", "Validation", "PasswordField", "Common", "Passkeys"]}>
        <LoginForm
          callbackUrl={callbackUrl}
          sessionLifetime={formatDuration(env.SESSION_MAX_AGE, translatorFor(locale, "Duration"))}
        />
        <PasskeySignIn callbackUrl={callbackUrl} />
      </ClientMessages>
      <p className="after-button">
        <Link href="/forgot-password">{t("forgot")}</Link>
      </p>
      <p>{t.rich("newHere", { link: (chunks) => <Link href="/register">{chunks}</Link> })}</p>
    </div>
  );
}
