import type { Metadata } from "next";
import Link from "next/link";
import { peekEmailChangeToken } from "@/lib/accounts/email-change";
import { env } from "@/lib/platform/env";
import { ApplyEmailChangeForm, UndoEmailChangeForm } from "./email-change-form";

export const metadata: Metadata = { title: "Email address change", referrer: "same-origin" };

// Both links of an email change land here: "use this address" (sent to the new address) and "undo the
// change" (sent to the old one, which also sets a new password). GET only looks at the token; the form POSTs.
export default async function EmailChangePage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token } = await searchParams;
  const raw = typeof token === "string" ? token : "";
  const { purpose, state, username, email } = await peekEmailChangeToken(raw);

  if (state === "valid" && purpose === "change_email") {
    return (
      <div className="card">
        <h1>Use this email address</h1>
        <p>Confirm to make this address the one your account uses. The previous address will be told.</p>
        <ApplyEmailChangeForm token={raw} />
      </div>
    );
  }
  if (state === "valid" && purpose === "revert_email_change") {
    return (
      <div className="card">
        <h1>Undo the email change</h1>
        <p>
          This puts <strong>{email}</strong> back as the address of the account <strong>{username}</strong>, signs out
          every device and cancels every other link we sent. Whoever changed the address may know the password or have
          set their own, so choose a new one now; this device stays signed in.
        </p>
        <UndoEmailChangeForm
          token={raw}
          minLength={env.PASSWORD_MIN_LENGTH}
          context={{ username: username ?? undefined, email: email ?? undefined, appName: env.APP_NAME }}
        />
      </div>
    );
  }
  return (
    <div className="card">
      <h1>
        {state === "invalid"
          ? "This link does not work"
          : state === "expired"
            ? "This link has expired"
            : "This link was already used"}
      </h1>
      <p>
        Email-change links work once and for a limited time. Sign in and change your address again from{" "}
        <Link href="/account">your account</Link>, or <Link href="/forgot-password">reset your password</Link> if you
        cannot sign in.
      </p>
    </div>
  );
}
