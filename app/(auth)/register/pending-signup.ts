import "server-only";
import { readSignedCookie, setSignedCookie } from "@/lib/http/signed-cookie";

// Remembers, in a signed cookie, which address a new sign-up is waiting on and when its last email went
// out, so the "check your inbox" page can mask the address and run the resend countdown.

const COOKIE = "pending_signup";
const RESEND_COOLDOWN_SECONDS = 60;
type PendingSignup = { email: string; sentAt: number };

export async function rememberPendingSignup(email: string) {
  await setSignedCookie(COOKIE, { email, sentAt: Date.now() } satisfies PendingSignup, 24 * 3600);
}

export async function readPendingSignup(): Promise<(PendingSignup & { secondsUntilResend: number }) | null> {
  const pending = await readSignedCookie<PendingSignup>(COOKIE);
  if (!pending) return null;
  const wait = Math.ceil((pending.sentAt + RESEND_COOLDOWN_SECONDS * 1000 - Date.now()) / 1000);
  return { ...pending, secondsUntilResend: Math.max(0, wait) };
}

export { RESEND_COOLDOWN_SECONDS };
