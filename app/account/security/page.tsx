import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/sessions/dal";
import { ConnectedAccounts, type ConnectedAccountsNotice } from "./connected-accounts";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage({ searchParams }: { searchParams: Promise<ConnectedAccountsNotice> }) {
  const { user } = await requireUser("/account/security");
  const notice = await searchParams;
  return (
    <div className="card wide">
      <h1>Security</h1>
      <p>
        <Link href="/account">Back to your account</Link>
      </p>
      <ConnectedAccounts userId={user.id} notice={notice} />
    </div>
  );
}
