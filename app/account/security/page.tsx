import type { Metadata } from "next";
import Link from "next/link";
import { isRecentlyAuthenticated } from "@/lib/accounts/two-factor";
import { requireUser } from "@/lib/sessions/dal";
import { ReauthenticateForm } from "./reauthenticate-form";
import { PasskeysSection } from "./passkeys";
import { TwoFactorSection } from "./two-factor";

export const metadata: Metadata = { title: "Security settings" };

const NOTICES: Record<string, string> = {
  "two-factor-off": "Two-factor sign-in is off. We emailed you a notice.",
  "browser-forgotten": "That browser will ask for the second step again.",
  "passkey-added": "Passkey added. You can sign in with it now.",
  "passkey-renamed": "Passkey renamed.",
  "passkey-removed": "Passkey removed.",
  "passkey-last": "That passkey is your only way to sign in, so it stays.",
  "passkey-name-invalid": "Give the passkey a name of at most 60 characters.",
  "passkey-gone": "That passkey was already removed.",
};

// One section per way of protecting the account; each section is its own component file.
export default async function SecurityPage({ searchParams }: { searchParams: Promise<{ notice?: string }> }) {
  const { user, sessionId } = await requireUser("/account/security");
  const { notice } = await searchParams;
  if (!(await isRecentlyAuthenticated(sessionId))) {
    return (
      <div className="card">
        <h1>Security settings</h1>
        <p>To change how you sign in, enter your password again.</p>
        <ReauthenticateForm />
        <p>
          <Link href="/account">Back to your account</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="card wide">
      <h1>Security settings</h1>
      <p>
        <Link href="/account">Back to your account</Link>
      </p>
      {notice && NOTICES[notice] && (
        <div className="alert ok" role="status">
          {NOTICES[notice]}
        </div>
      )}
      <TwoFactorSection userId={user.id} />
      <PasskeysSection userId={user.id} />
    </div>
  );
}
