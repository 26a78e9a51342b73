import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { getCurrentSession } from "@/lib/sessions/dal";
import { safeRedirectPath } from "@/lib/http/request";
import { LoginForm } from "./login-form";
import { PasskeySignIn } from "./passkey-sign-in";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Login"))("title") };
}

type Search = { callbackUrl?: string | string[]; signedOut?: string; expired?: string };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const callbackUrl = safeRedirectPath(search.callbackUrl);
  if (await getCurrentSession()) redirect(callbackUrl);
  const t = await getTranslations("Login");
  return (
    <div className="card">
      <h1>{t("title")}</h1>
      {search.signedOut === "everywhere" && (
        <div className="alert ok" role="status">
          {t("signedOutEverywhere")}
        </div>
      )}
      {search.expired === "second-step" && (
        <div className="alert info" role="status">
          {t("secondStepExpired")}
        </div>
      )}
      <ClientMessages namespaces={["Login", "Validation", "PasswordField", "Common", "Passkeys"]}>
        <LoginForm callbackUrl={callbackUrl} />
        <PasskeySignIn callbackUrl={callbackUrl} />
      </ClientMessages>
      <p>
        <Link href="/forgot-password">{t("forgot")}</Link>
      </p>
      <p>{t.rich("newHere", { link: (chunks) => <Link href="/register">{chunks}</Link> })}</p>
    </div>
  );
}
