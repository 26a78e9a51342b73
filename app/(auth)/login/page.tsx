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
import { throttledIn, translatorFor } from "@/lib/platform/i18n";
import { providerName } from "@/lib/accounts/provider-accounts";
import { ProviderButtons } from "../provider-buttons";
import { LoginForm } from "./login-form";
import { PasskeySignIn } from "./passkey-sign-in";

export async function generateMetadata(): Promise<Metadata> {
  return { title: await formPostTitle((await getTranslations("Login"))("title")) };
}

type Search = {
  callbackUrl?: string | string[];
  signedOut?: string;
  expired?: string;
  // A provider sign-in that did not sign anyone in: ours (provider_error) or Auth.js's (error).
  provider_error?: string;
  provider?: string;
  retry?: string;
  error?: string;
};

async function providerMessage(search: Search): Promise<string | null> {
  const t = await getTranslations("Providers");
  const provider = providerName(String(search.provider ?? ""));
  switch (search.provider_error) {
    case "email_taken":
      return t("emailTaken", { provider });
    case "unconfirmed":
      return t("unconfirmed");
    case "throttled":
      return throttledIn(await getLocale(), Number(search.retry) || 60, "sign-in");
    case "no_email":
      return t("noEmail", { provider });
  }
  return search.error ? t("failed") : null;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const callbackUrl = safeRedirectPath(search.callbackUrl);
  if (await getCurrentSession()) redirect(callbackUrl);
  const [t, locale] = await Promise.all([getTranslations("Login"), getLocale()]);
  const problem = await providerMessage(search);
  return (
    <div className="card">
      <h1>{t("title")}</h1>
      {search.signedOut === "everywhere" && (
        <div className="alert ok" role="status">
          {t("signedOutEverywhere")}
        </div>
      )}
      {search.signedOut === "deleted" && (
        <div className="alert ok" role="status">
          {t("accountDeleted")}
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
      {problem && (
        <div className="alert error" role="alert">
          {problem}
        </div>
      )}
      {!search.signedOut && !search.expired && !problem && search.callbackUrl && (
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
      <ProviderButtons callbackUrl={callbackUrl} />
      <p className="after-button">
        <Link href="/forgot-password">{t("forgot")}</Link>
      </p>
      <p>{t.rich("newHere", { link: (chunks) => <Link href="/register">{chunks}</Link> })}</p>
    </div>
  );
}
