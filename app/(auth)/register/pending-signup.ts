import "server-only";
import { readSignedCookie, setSignedCookie } from "@/lib/http/signed-cookie";

// Remembers, in a signed cookie, the sign-up this browser is waiting on: the address and username it typed
// and when its last email went out. The "check your inbox" page shows the address in full (it is this
// person's own input, in their own browser) and runs the resend countdown; changing the address, or signing
// up again, withdraws this sign-up first so its username is not held against its own author.

const COOKIE = "pending_signup";
const RESEND_COOLDOWN_SECONDS = 60;
type PendingSignup = { email: string; username?: string; sentAt: number };

export async function rememberPendingSignup(email: string, username: string | undefined) {
  await setSignedCookie(COOKIE, { email, username, sentAt: Date.now() } satisfies PendingSignup, 24 * 3600);
}

export async function readPendingSignup(): Promise<(PendingSignup & { secondsUntilResend: number }) | null> {
  const pending = await readSignedCookie<PendingSignup>(COOKIE);
  if (!pending) return null;
  const wait = Math.ceil((pending.sentAt + RESEND_COOLDOWN_SECONDS * 1000 - Date.now()) / 1000);
  return { ...pending, secondsUntilResend: Math.max(0, wait) };
}

/** The sign-up a new one from this browser replaces, as registerUser takes it. */
export function replacedSignup(pending: PendingSignup | null) {
  return pending?.username ? { email: pending.email, username: pending.username } : null;
}

export { RESEND_COOLDOWN_SECONDS };
