import type { Metadata } from "next";
import Link from "next/link";
import { peekConfirmation } from "@/lib/accounts/confirmation";
import { TokenForm } from "./token-form";

export const metadata: Metadata = { title: "Confirm your email", referrer: "same-origin" };

// GET shows the token's state and never consumes it: mail scanners open links too. Confirming is a POST.
export default async function ConfirmPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const raw = typeof token === "string" ? token : "";
  const { state, signUp } = await peekConfirmation(raw);

  if (state === "valid") {
    return (
      <div className="card">
        <h1>Confirm your email</h1>
        {signUp && (
          <p>
            This link confirms the sign-up as <strong>{signUp.username}</strong> made on{" "}
            <strong>{signUp.signedUpAt}</strong>. Confirming activates that username with the password chosen then.
          </p>
        )}
        <p>One click and your account is active. You will be signed in on this device.</p>
        <p>
          If you did not make this sign-up, do not confirm it. If you signed up yourself, use the link from your own
          sign-up, or <Link href="/forgot-password">reset your password</Link>.
        </p>
        <TokenForm token={raw} intent="confirm" />
      </div>
    );
  }
  if (state === "invalid") {
    return (
      <div className="card">
        <h1>This link does not work</h1>
        <p>
          The confirmation link is incomplete or not one of ours. Copy the whole link from the email, or{" "}
          <Link href="/login">sign in</Link> to ask for a new one.
        </p>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>{state === "expired" ? "This link has expired" : "This link was already used"}</h1>
      <p>
        {state === "expired"
          ? "Confirmation links work for a limited time. We can send you a fresh one."
          : "Each link works once. If your account is already confirmed, just sign in; otherwise we can send a fresh link."}
      </p>
      <TokenForm token={raw} intent="resend" />
      <p>
        <Link href="/login">Sign in</Link>
      </p>
    </div>
  );
}
