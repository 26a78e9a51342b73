import type { Metadata } from "next";
import { formPostTitle } from "@/app/components/page-title";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { getCurrentSession } from "@/lib/sessions/dal";
import { env } from "@/lib/platform/env";
import { ProviderButtons } from "../provider-buttons";
import { RegisterForm } from "./register-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: await formPostTitle((await getTranslations("Register"))("title")) };
}

export default async function RegisterPage() {
  if (await getCurrentSession()) redirect("/account");
  const t = await getTranslations("Register");
  return (
    <div className="card">
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <ClientMessages namespaces={["Register", "Validation", "PasswordField"]}>
        <RegisterForm minLength={env.PASSWORD_MIN_LENGTH} appName={env.APP_NAME} />
      </ClientMessages>
      <ProviderButtons />
      <p className="after-button">{t.rich("haveAccount", { link: (chunks) => <Link href="/login">{chunks}</Link> })}</p>
    </div>
  );
}
