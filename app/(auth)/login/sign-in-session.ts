import "server-only";
import { deleteCookie, readSignedCookie, setSignedCookie } from "@/lib/http/signed-cookie";
import { REMEMBER_BROWSER_SECONDS } from "@/lib/accounts/two-factor";
import { startWebSession } from "@/lib/sessions/auth";

// Where every way of signing in on the website ends: the one call that starts the session cookie, and the
// cookies around the second step (the waiting sign-in, and a browser remembered for 30 days).

const SECOND_STEP_COOKIE = "second-step";
const SECOND_STEP_SECONDS = 5 * 60;
const REMEMBERED_BROWSER_COOKIE = "remembered-browser";

/**
 * Sets the session cookie for a session lib/ just started. Every website sign-in ends here (password,
 * second step, passkey, confirmation link, reset link, email-change undo, password change), and only here
 * is the session cookie written.
 */
export async function enterSession(sessionId: string) {
  await deleteCookie(SECOND_STEP_COOKIE);
  await startWebSession(sessionId);
}

/** Keeps a sign-in that waits for its second step (the challenge token, signed and HttpOnly). */
export async function holdForSecondStep(token: string) {
  await setSignedCookie(SECOND_STEP_COOKIE, { token }, SECOND_STEP_SECONDS);
}

export async function heldSecondStep(): Promise<string | null> {
  return (await readSignedCookie<{ token: string }>(SECOND_STEP_COOKIE))?.token ?? null;
}

export async function rememberBrowser(browserId: string) {
  await setSignedCookie(REMEMBERED_BROWSER_COOKIE, { id: browserId }, REMEMBER_BROWSER_SECONDS);
}

/** This browser's remembered id; lib/accounts decides whether it still counts and for whom. */
export async function rememberedBrowserId(): Promise<string | null> {
  return (await readSignedCookie<{ id: string }>(REMEMBERED_BROWSER_COOKIE))?.id ?? null;
}
