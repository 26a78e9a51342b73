import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { env } from "@/lib/platform/env";
import { translatorFor } from "@/lib/platform/i18n";
import { formatDuration } from "@/lib/shared/format";
import { ForgotForm } from "./forgot-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("ForgotPassword"))("title") };
}

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await searchParams;
  const [t, locale] = await Promise.all([getTranslations("ForgotPassword"), getLocale()]);
  const duration = formatDuration(env.RESET_TOKEN_TTL, translatorFor(locale, "Duration"));
  return (
    <div className="card">
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro", { duration })}</p>
      <ClientMessages namespaces={["ForgotPassword", "Validation", "Common"]}>
        <ForgotForm initialEmail={typeof email === "string" ? email.slice(0, 320) : ""} />
      </ClientMessages>
      <p>{t.rich("remembered", { link: (chunks) => <Link href="/login">{chunks}</Link> })}</p>
    </div>
  );
}
