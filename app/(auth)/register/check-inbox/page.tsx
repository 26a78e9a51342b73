import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { maskEmail } from "@/lib/shared/email-address";
import { env } from "@/lib/platform/env";
import { formatDuration } from "@/lib/shared/format";
import { readPendingSignup } from "../pending-signup";
import { ResendForm } from "./resend-form";

export const metadata: Metadata = { title: "Check your inbox" };

export default async function CheckInboxPage() {
  const pending = await readPendingSignup();
  if (!pending) redirect("/register");
  return (
    <div className="card">
      <h1>Check your inbox</h1>
      <p>
        We sent a confirmation link to <strong>{maskEmail(pending.email)}</strong>. Open it to activate your account; it
        works once and expires in {formatDuration(env.CONFIRM_TOKEN_TTL)}.
      </p>
      <ResendForm initialWait={pending.secondsUntilResend} />
      <h2>Nothing arrived?</h2>
      <ul>
        <li>Give it a minute, then look in your spam or junk folder.</li>
        <li>
          Check the address above. If it is wrong, <Link href="/register">sign up again</Link> with the right one.
        </li>
        <li>
          Already confirmed? <Link href="/login">Sign in</Link>.
        </li>
      </ul>
    </div>
  );
}
