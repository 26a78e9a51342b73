import "server-only";
import { eventInsert, recordEvent } from "@/lib/accounts/audit";
import { findUserByLogin, type UserRow } from "@/lib/accounts/users";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import type { RequestMeta } from "@/lib/http/request";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { deviceThrottleKey } from "@/lib/security/device-cookie";
import {
  countLoginAttempt,
  failuresDelete,
  LOGIN_THROTTLE,
  loginKey,
  operatorLockSeconds,
} from "@/lib/security/login-throttle";
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from "@/lib/security/password-hash";
import { hit, LIMITS } from "@/lib/security/rate-limit";
import { sessionInsert } from "@/lib/sessions/sessions";
import type { Failure } from "@/lib/shared/result";

// Password sign-in, for the website (through Auth.js) and the JSON API alike.

export type SignInResult =
  { ok: true; user: UserRow; sessionId: string } | Failure<"invalid_credentials" | "unconfirmed" | "throttled">;

/**
 * Checks a username-or-email and password and starts a session of `kind`. `deviceCookie` is the browser's
 * device cookie (lib/security/device-cookie.ts): a browser that signed in to this account before counts its
 * failures apart from everyone else's, so a pause others caused does not stop it.
 */
export async function signInWithPassword(
  login: string,
  password: string,
  kind: "web" | "api",
  meta: RequestMeta,
  deviceCookie?: string | null,
): Promise<SignInResult> {
  if (meta.ip) {
    const limit = await hit(`login:ip:${meta.ip}`, LIMITS.loginsPerIp);
    if (!limit.allowed) return { ok: false, error: "throttled", retryAfterSeconds: limit.retryAfterSeconds };
  }
  const user = await findUserByLogin(login);
  const deviceKey = user && deviceCookie ? deviceThrottleKey(deviceCookie, user.id) : null;
  const held = deviceKey && user ? await operatorLockSeconds([user.username, user.email]) : 0;
  if (held > 0) return { ok: false, error: "throttled", retryAfterSeconds: held };
  const attempt = await countLoginAttempt(deviceKey ?? loginKey(login));
  if (!attempt.allowed) {
    if (attempt.lockStarted && user) await notifyLock(user, meta);
    return { ok: false, error: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  const verified = user ? await verifyPassword(user.passwordHash, password) : await verifyDummyPassword(password);
  if (!user || !verified) {
    const detail = user ? undefined : "unknown user";
    await recordEvent(db, { type: "login_failed", userId: user?.id, outcome: "failure", detail }, meta);
    if (attempt.lockStarted && user) await notifyLock(user, meta);
    return { ok: false, error: "invalid_credentials" };
  }
  if (!user.emailVerified) {
    await recordEvent(db, { type: "login_unconfirmed", userId: user.id, outcome: "failure" }, meta);
    return { ok: false, error: "unconfirmed" };
  }
  if (needsRehash(user.passwordHash)) {
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  // A success forgets the failures it was counted on (a known browser's own, else the name's: a known
  // browser signing in does not lift a pause others caused), starts the session and records the sign-in in
  // one statement: on this hot path each round trip cost more than its write (bench/README.md).
  const session = sessionInsert(user, kind, meta);
  await db.$executeRaw`
    WITH forgotten AS (${failuresDelete(deviceKey ? [deviceKey] : [user.username, user.email])}), started AS (${session.insert})
    ${eventInsert({ type: "login", userId: user.id }, meta)}`;
  return { ok: true, user, sessionId: session.id };
}

async function notifyLock(user: UserRow, meta: RequestMeta) {
  await db.$transaction(async (tx) => {
    await enqueueEmail(tx, user.email, "sign-in-locked", {
      appName: env.APP_NAME,
      username: user.username,
      minutes: LOGIN_THROTTLE.lockSeconds / 60,
      resetLink: `${env.APP_URL}/forgot-password?email=${encodeURIComponent(user.email)}`,
    });
    await recordEvent(tx, { type: "login_locked", userId: user.id, outcome: "failure" }, meta);
  });
  wakeOutbox();
}
