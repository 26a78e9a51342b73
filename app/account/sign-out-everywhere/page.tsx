import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/sessions/dal";
import { listLiveSessions } from "@/lib/sessions/sessions";
import { signOutEverywhereAction } from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Security"))("everywhereTitle") };
}

// A confirmation step: signing out everywhere also signs out this browser, and cannot be undone.
export default async function SignOutEverywherePage() {
  const { user } = await requireUser("/account/sign-out-everywhere");
  const [sessions, t] = await Promise.all([listLiveSessions(user.id), getTranslations("Security")]);
  return (
    <div className="card">
      <h1>{t("everywhereTitle")}</h1>
      <p>{t("everywhereText", { count: sessions.length })}</p>
      <form action={signOutEverywhereAction}>
        <button type="submit" className="button danger block">
          {t("everywhereConfirm")}
        </button>
      </form>
      <p className="after-button">
        <Link href="/account/security">{t("everywhereBack")}</Link>
      </p>
    </div>
  );
}
