import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/sessions/dal";
import { Sessions } from "./sessions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Security"))("title") };
}

export default async function SecurityPage({ searchParams }: { searchParams: Promise<{ signedOutSession?: string }> }) {
  const { user, sessionId } = await requireUser("/account/security");
  const { signedOutSession } = await searchParams;
  const t = await getTranslations("Security");
  return (
    <div className="card wide">
      <p>
        <Link href="/account">{t("back")}</Link>
      </p>
      <h1>{t("title")}</h1>
      <Sessions userId={user.id} currentSessionId={sessionId} signedOutOne={Boolean(signedOutSession)} />
    </div>
  );
}
