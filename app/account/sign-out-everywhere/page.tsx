import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/sessions/dal";
import { listLiveSessions } from "@/lib/sessions/sessions";
import { signOutEverywhereAction } from "../actions";

export const metadata: Metadata = { title: "Sign out everywhere?" };

// A confirmation step: signing out everywhere also signs out this browser, and cannot be undone.
export default async function SignOutEverywherePage() {
  const { user } = await requireUser("/account/sign-out-everywhere");
  const count = (await listLiveSessions(user.id)).length;
  return (
    <div className="card">
      <h1>Sign out everywhere?</h1>
      <p>
        This signs out {count === 1 ? "1 session" : `${count} sessions`}, including this one, on every device and app.
        You will need your password to sign in again.
      </p>
      <form action={signOutEverywhereAction}>
        <button type="submit" className="button danger block">
          Yes, sign out everywhere
        </button>
      </form>
      <p className="after-button">
        <Link href="/account/security">No, go back</Link>
      </p>
    </div>
  );
}
