import "server-only";
import crypto from "node:crypto";
import { seal, unseal } from "@/lib/security/signed-data";

// Device cookies (OWASP's defence against targeted lockout): a browser that has signed in to an account
// gets a signed cookie naming that account and a random device id. The per-name failure counter then
// pauses only the browsers it does not know: a recognised browser counts its failures on a counter of its
// own (same delays and pause), so ten wrong passwords from elsewhere cannot lock the owner out, while
// guessing from a recognised browser is still slowed. The cookie is HttpOnly and signed; it grants nothing
// by itself (the password is still checked).

export const DEVICE_COOKIE = "device";
export const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600;
// A shared computer may know a few accounts; the oldest is forgotten first.
const MAX_ACCOUNTS = 5;

type Entry = { user: string; device: string };

function entries(value: string | null | undefined): Entry[] {
  const data = unseal<Entry[]>(value);
  return Array.isArray(data)
    ? data.filter((e) => typeof e?.user === "string" && /^[0-9a-f]{32}$/.test(e?.device ?? ""))
    : [];
}

/** The throttle key of this browser for this account, when the browser has signed in to it before. */
export function deviceThrottleKey(cookie: string | null | undefined, userId: string): string | null {
  const entry = entries(cookie).find((e) => e.user === userId);
  return entry ? `device:${userId}:${entry.device}` : null;
}

/** Whether this browser has signed in to this account before. */
export function knowsAccount(cookie: string | null | undefined, userId: string): boolean {
  return entries(cookie).some((e) => e.user === userId);
}

/** The cookie's new value after a sign-in to `userId` (keeps the device id it already had). */
export function rememberAccount(cookie: string | null | undefined, userId: string): string {
  const known = entries(cookie);
  const entry = known.find((e) => e.user === userId) ?? {
    user: userId,
    device: crypto.randomBytes(16).toString("hex"),
  };
  const next = [entry, ...known.filter((e) => e.user !== userId)].slice(0, MAX_ACCOUNTS);
  return seal(next, DEVICE_COOKIE_MAX_AGE);
}
