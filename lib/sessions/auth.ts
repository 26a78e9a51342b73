import "server-only";
import { cookies } from "next/headers";
import { decode, encode } from "next-auth/jwt";
import type { RequestMeta } from "@/lib/http/request";
import { deleteCookie, readSignedCookie, setSignedCookie } from "@/lib/http/signed-cookie";
import { env } from "@/lib/platform/env";
import { deviceText } from "@/emails/i18n";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import { db } from "@/lib/platform/db";
import { log } from "@/lib/platform/log";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, knowsAccount, rememberAccount } from "@/lib/security/device-cookie";
import { signInNoticeQuota } from "@/lib/security/rate-limit";
import { isLocale } from "@/lib/shared/locales";
import { createSession, revokeSession } from "@/lib/sessions/sessions";
import type { Prisma } from "@/lib/generated/prisma/client";

// The website's session cookie is Auth.js's own: an encrypted JWT (JWE under AUTH_SECRET, salted with the
// cookie name) that holds the user id and the id of a revocable Session row. Every way of signing in ends
// in startWebSession below (password, second step, passkey, provider, confirmation link, reset link,
// email-change undo, password change), which creates that row and writes the cookie with Auth.js's
// `encode`. Why not a Credentials provider: its `authorize` gets only form fields, so the flows that sign in
// without a password (confirmation link, reset link, second factor, passkey) would each need their own
// provider or a ticket passed through it, and the session written a moment earlier would be read back.
// Writing the cookie here costs one INSERT and one encryption; Auth.js's `auth()` can still read it.
// Whether the session is still live is decided by lib/sessions on every request (lib/sessions/dal.ts).

const secureCookies = env.secureCookies;
// Auth.js's own default name: `__Secure-` over HTTPS, so the browser never accepts it from plain HTTP.
const SESSION_COOKIE = `${secureCookies ? "__Secure-" : ""}authjs.session-token`;
const COOKIE_OPTIONS = { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies } as const;

type SessionClaims = { sub: string; sid: string };

/** The account a website session is started for: the row the sign-in read (its email and language for the notice). */
export type WebSessionUser = {
  id: string;
  sessionVersion: number;
  username: string;
  email: string;
  locale: string | null;
};

/**
 * Starts a website session for `user` on this device: creates the revocable Session row (at the session
 * version read with the user) and sets the session cookie. With `endsWithBrowser` ("Keep me signed in"
 * unticked) the cookie is a browser-session cookie; the server-side session still ends at SESSION_MAX_AGE.
 * The browser is also marked as one that has signed in to this account (the device cookie,
 * lib/security/device-cookie.ts). A browser that has never signed in to the account before gets its owner
 * a "new sign-in" email, queued with the session; `newBrowserNotice: false` is for the sign-ins that are not
 * news to the owner (the first one, right after the sign-up; a new session after changing the password).
 * A session this browser held before (a sign-in again, to confirm who is there) is ended: one browser holds
 * one live session. `writes`: a password sign-in's own writes, run with the session's insert
 * (lib/accounts/sign-in). Server actions and route handlers only. Returns the session's id.
 */
export async function startWebSession(
  user: WebSessionUser,
  meta: RequestMeta,
  {
    endsWithBrowser = false,
    newBrowserNotice = true,
    writes = [],
  }: { endsWithBrowser?: boolean; newBrowserNotice?: boolean; writes?: Prisma.Sql[] } = {},
): Promise<string> {
  const previous = await sessionIdFromCookie();
  if (previous) await revokeSession(previous);
  const jar = await cookies();
  const device = jar.get(DEVICE_COOKIE)?.value;
  const sessionId =
    newBrowserNotice && !knowsAccount(device, user.id)
      ? await startSessionWithNotice(user, meta, writes)
      : await createSession(user, "web", meta, { writes });
  // A sign-in that waited for its second step is over.
  await deleteCookie(SECOND_STEP_COOKIE);
  const claims: SessionClaims = { sub: user.id, sid: sessionId };
  const value = await encode({
    token: claims,
    secret: env.AUTH_SECRET,
    salt: SESSION_COOKIE,
    maxAge: env.SESSION_MAX_AGE,
  });
  // The row's end is absolute (SESSION_MAX_AGE from now); the cookie never outlives it.
  jar.set(SESSION_COOKIE, value, endsWithBrowser ? COOKIE_OPTIONS : { ...COOKIE_OPTIONS, maxAge: env.SESSION_MAX_AGE });
  jar.set(DEVICE_COOKIE, rememberAccount(device, user.id), { ...COOKIE_OPTIONS, maxAge: DEVICE_COOKIE_MAX_AGE });
  return sessionId;
}

/**
 * The session and the owner's "new sign-in" email in one transaction. These notices have an hourly cap of
 * their own per address (the same size as every email's): someone holding the password cannot flood the
 * inbox by signing in from fresh browsers, nor use up the cap that the owner's reset links need. Past it the
 * sign-in goes ahead without one.
 */
async function startSessionWithNotice(user: WebSessionUser, meta: RequestMeta, writes: Prisma.Sql[]): Promise<string> {
  if (!(await signInNoticeQuota(user.email))) {
    log.warn("new sign-in notice not sent: the address's email cap is reached", { userId: user.id });
    return createSession(user, "web", meta, { writes });
  }
  const locale = isLocale(user.locale) ? user.locale : (meta.locale ?? env.DEFAULT_LOCALE);
  const sessionId = await db.$transaction(async (tx) => {
    const id = await createSession(user, "web", meta, { writes, client: tx });
    await enqueueEmail(tx, user.email, "new-sign-in", {
      locale,
      appName: env.APP_NAME,
      username: user.username,
      when: new Date(),
      device: deviceText(locale, meta.userAgent),
      securityLink: `${env.APP_URL}/account/security`,
    });
    return id;
  });
  wakeOutbox();
  return sessionId;
}

/** This browser's device cookie, for the sign-in throttle (lib/security/device-cookie.ts). */
export async function deviceCookie(): Promise<string | null> {
  return (await cookies()).get(DEVICE_COOKIE)?.value ?? null;
}

/**
 * The session id in the website's session cookie, or null. Read with Auth.js's decoder rather than
 * `auth()`: a page needs only the id (lib/sessions/dal checks the session itself), and `auth()` would also
 * run Auth.js's session action and encrypt a refreshed cookie that a page cannot set, on every request.
 */
export async function sessionIdFromCookie(): Promise<string | null> {
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!value) return null;
  try {
    const token = await decode({ token: value, secret: env.AUTH_SECRET, salt: SESSION_COOKIE });
    return typeof token?.sid === "string" ? token.sid : null;
  } catch {
    // Tampered, sealed under another AUTH_SECRET, or expired: signed out.
    return null;
  }
}

/** Clears the session cookie (the caller revokes the server-side session, lib/accounts/sign-out). */
export async function endWebSession() {
  // Same attributes as when set: a `__Secure-` cookie is only replaced by a Set-Cookie marked Secure.
  (await cookies()).set(SESSION_COOKIE, "", { ...COOKIE_OPTIONS, maxAge: 0 });
}

// The cookies around a website sign-in's second step: the sign-in that waits for a code, and a browser
// remembered for a while so that it is not asked again.
const SECOND_STEP_COOKIE = "second-step";
const SECOND_STEP_SECONDS = 5 * 60;
const REMEMBERED_BROWSER_COOKIE = "remembered-browser";

type HeldSecondStep = { token: string; endsWithBrowser: boolean };

/**
 * Keeps a sign-in that waits for its second step (the challenge token, signed and HttpOnly), with the
 * "Keep me signed in" choice made on the first step.
 */
export async function holdForSecondStep(token: string, { endsWithBrowser = false } = {}) {
  await setSignedCookie(SECOND_STEP_COOKIE, { token, endsWithBrowser } satisfies HeldSecondStep, SECOND_STEP_SECONDS);
}

export async function heldSecondStep(): Promise<HeldSecondStep | null> {
  return readSignedCookie<HeldSecondStep>(SECOND_STEP_COOKIE);
}

export async function rememberBrowser(browserId: string, seconds: number) {
  await setSignedCookie(REMEMBERED_BROWSER_COOKIE, { id: browserId }, seconds);
}

/** This browser's remembered id; lib/accounts decides whether it still counts and for whom. */
export async function rememberedBrowserId(): Promise<string | null> {
  return (await readSignedCookie<{ id: string }>(REMEMBERED_BROWSER_COOKIE))?.id ?? null;
}
