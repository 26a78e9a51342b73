import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { env } from "@/lib/platform/env";
import { translatorFor } from "@/lib/platform/i18n";
import { formatDuration } from "@/lib/shared/format";
import { readPendingSignup } from "../pending-signup";
import { ResendForm } from "./resend-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("CheckInbox"))("title") };
}

export default async function CheckInboxPage({ searchParams }: { searchParams: Promise<{ changed?: string }> }) {
  const { changed } = await searchParams;
  const pending = await readPendingSignup();
  if (!pending) redirect("/register");
  const [t, locale] = await Promise.all([getTranslations("CheckInbox"), getLocale()]);
  const duration = formatDuration(env.CONFIRM_TOKEN_TTL, translatorFor(locale, "Duration"));
  return (
    <div className="card">
      <h1>{t("title")}</h1>
      {changed && (
        <div className="alert ok" role="status">
          {t("changed")}
        </div>
      )}
      <p>
        {t.rich("sent", {
          // In full: it is this person's own input, in their own browser, and a typo must be visible.
          email: pending.email,
          duration,
          strong: (chunks) => <strong>{chunks}</strong>,
        })}
      </p>
      {pending.username && (
        <p>{t.rich("wrongAddress", { link: (chunks) => <Link href="/register/change-email">{chunks}</Link> })}</p>
      )}
      <ClientMessages namespaces={["CheckInbox", "Common"]}>
        <ResendForm initialWait={pending.secondsUntilResend} />
      </ClientMessages>
      <h2>{t("nothingArrived")}</h2>
      <ul>
        <li>{t("waitTip")}</li>
        <li>{t.rich("confirmedTip", { link: (chunks) => <Link href="/login">{chunks}</Link> })}</li>
      </ul>
    </div>
  );
}
