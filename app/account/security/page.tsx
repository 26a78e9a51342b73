import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/sessions/dal";
import { ConnectedAccounts, type ConnectedAccountsNotice } from "./connected-accounts";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Security"))("title") };
}

export default async function SecurityPage({ searchParams }: { searchParams: Promise<ConnectedAccountsNotice> }) {
  const { user } = await requireUser("/account/security");
  const notice = await searchParams;
  const t = await getTranslations("Security");
  return (
    <div className="card wide">
      <h1>{t("title")}</h1>
      <p>
        <Link href="/account">{t("back")}</Link>
      </p>
      <ConnectedAccounts userId={user.id} notice={notice} />
    </div>
  );
}
