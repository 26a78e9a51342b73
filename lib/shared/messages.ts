import { formatWait } from "@/lib/shared/format";

// What the website and the JSON API tell people, written once so both say the same thing. The wording of
// a refusal never tells whether an account exists.

export const CREDENTIALS_MISMATCH = "That username or email and password do not match.";

export const UNCONFIRMED = "Confirm your email first: open the link we sent you.";

export function ifAccountExistsMessage(email?: string): string {
  return `If an account exists for ${email ?? "that address"}, we sent it a link to reset the password.`;
}

const TOO_MANY = {
  "sign-in": "Too many sign-in attempts",
  "sign-up": "Too many sign-ups from your network",
  "email-requests": "Too many requests from your network",
  attempts: "Too many attempts from your network",
} as const;

/** "Too many … Try again in 15 minutes." (or "later" when the wait is unknown). */
export function throttledMessage(retryAfterSeconds?: number, what: keyof typeof TOO_MANY = "attempts"): string {
  const when = retryAfterSeconds === undefined ? "later" : `in ${formatWait(retryAfterSeconds)}`;
  return `${TOO_MANY[what]}. Try again ${when}.`;
}

/** A short sign-in wait, which the page counts down. */
export function shortWaitMessage(seconds: number): string {
  return `Please wait ${formatWait(seconds)} before trying again.`;
}

/** The long pause after many wrong passwords; the page adds that a password reset works now. */
export function signInPausedMessage(seconds: number): string {
  return (
    `Sign-in to this account is paused for ${formatWait(seconds)} because of repeated wrong passwords. ` +
    "We have emailed the account's owner."
  );
}
