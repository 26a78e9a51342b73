import "server-only";
import { eventInsert, recordEvent } from "@/lib/accounts/audit";
import { isRememberedBrowser, startSecondStep } from "@/lib/accounts/two-factor";
import { findUserByLogin, type UserRow } from "@/lib/accounts/users";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import type { RequestMeta } from "@/lib/http/request";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import {
  countLoginAttempt,
  failuresDelete,
  uncountLoginAttempt,
  LOGIN_THROTTLE,
  loginKey,
} from "@/lib/security/login-throttle";
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from "@/lib/security/password-hash";
import { hit, LIMITS } from "@/lib/security/rate-limit";
import { sessionInsert } from "@/lib/sessions/sessions";
import type { Failure } from "@/lib/shared/result";

// Password sign-in, for the website (through Auth.js) and the JSON API alike.

export type SignInResult =
  | { ok: true; user: UserRow; sessionId: string }
  | (Failure<"second_step"> & { secondStepToken: string })
  | Failure<"invalid_credentials" | "unconfirmed" | "throttled">;

/**
 * Checks a username-or-email and password and starts a session of `kind`. For an account with two-factor
 * on, a right password starts no session: it answers "second_step" with the token that lib/accounts/two-factor
 * completes with a code (unless `rememberedBrowserId` names a browser remembered for this account).
 */
export async function signInWithPassword(
  login: string,
  password: string,
  kind: "web" | "api",
  meta: RequestMeta,
  rememberedBrowserId?: string | null,
): Promise<SignInResult> {
  if (meta.ip) {
    const limit = await hit(`login:ip:${meta.ip}`, LIMITS.loginsPerIp);
    if (!limit.allowed) return { ok: false, error: "throttled", retryAfterSeconds: limit.retryAfterSeconds };
  }
  const attempt = await countLoginAttempt(loginKey(login));
  const user = await findUserByLogin(login);
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
  // The failures are not forgotten here: the second step counts on the same counter, and only a completed
  // sign-in clears it (else every right password would reset the count of wrong codes).
  if (user.totpEnabledAt && !(await isRememberedBrowser(rememberedBrowserId, user))) {
    await uncountLoginAttempt(loginKey(login));
    return { ok: false, error: "second_step", secondStepToken: await startSecondStep(user, kind, meta) };
  }
  if (needsRehash(user.passwordHash)) {
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  // A success forgets the name's failures, starts the session and records the sign-in in one statement:
  // on this hot path each round trip cost more than its write (bench/README.md).
  const session = sessionInsert(user, kind, meta);
  await db.$executeRaw`
    WITH forgotten AS (${failuresDelete([user.username, user.email])}), started AS (${session.insert})
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
