import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/sessions/dal";
import { Sessions } from "./sessions";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage({ searchParams }: { searchParams: Promise<{ signedOutSession?: string }> }) {
  const { user, sessionId } = await requireUser("/account/security");
  const { signedOutSession } = await searchParams;
  return (
    <div className="card wide">
      <p>
        <Link href="/account">Back to your account</Link>
      </p>
      <h1>Security</h1>
      <Sessions userId={user.id} currentSessionId={sessionId} signedOutOne={Boolean(signedOutSession)} />
    </div>
  );
}
