import "server-only";
import { eventInsert, recordEvent } from "@/lib/accounts/audit";
import { isRememberedBrowser, startSecondStep } from "@/lib/accounts/two-factor";
import {
  emailLocale,
  findUserByLogin,
  userByLoginQuery,
  userFromRow,
  verifyAccountPassword,
  type FoundUser,
  type UserRow,
} from "@/lib/accounts/users";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import type { RequestMeta } from "@/lib/http/request";
import { db, directSql } from "@/lib/platform/db";
import { deviceThrottleKey } from "@/lib/security/device-cookie";
import { env } from "@/lib/platform/env";
import {
  clearLoginFailures,
  countLoginAttempt,
  failuresDelete,
  firstAttemptInsert,
  firstAttemptVerdict,
  uncountLoginAttempt,
  LOGIN_THROTTLE,
  loginKey,
  operatorLockSeconds,
} from "@/lib/security/login-throttle";
import {
  ADMISSION_RETRY_AFTER_SECONDS,
  admitHashWork,
  hashPassword,
  needsRehash,
  verifyDummyPassword,
  verifyPassword,
} from "@/lib/security/password-hash";
import { emailQuota, perIpHit } from "@/lib/security/rate-limit";
import { inBackground } from "@/lib/platform/background";
import type { Failure } from "@/lib/shared/result";
import { Prisma } from "@/lib/generated/prisma/client";

// Password sign-in, for the website and the JSON API alike. It checks the password; the caller then starts
// the session (lib/sessions/auth startWebSession, or an API session), which runs the sign-in's own writes
// (`writes`: forget the failures, audit the login) in its statement.

export type SignInResult =
  | { ok: true; user: UserRow; writes: Prisma.Sql[] }
  | (Failure<"second_step"> & { secondStepToken: string })
  | Failure<"invalid_credentials" | "unconfirmed" | "throttled" | "overloaded">;

/**
 * Checks a username-or-email and password for a sign-in on `kind` (the website or the API); on success the
 * caller starts a session of that kind for `user`. For an account with two-factor on, a right password
 * answers "second_step" with the token that lib/accounts/two-factor completes with a code, bound to `kind`
 * (unless `rememberedBrowserId` names a browser remembered for this account).
 * `deviceCookie` is the browser's device cookie (lib/security/device-cookie.ts): a browser that signed in to
 * this account before counts its failures apart from everyone else's, so a pause others caused does not stop it.
 */
export async function signInWithPassword(
  login: string,
  password: string,
  kind: "web" | "api",
  meta: RequestMeta,
  { rememberedBrowserId, deviceCookie }: { rememberedBrowserId?: string | null; deviceCookie?: string | null } = {},
): Promise<SignInResult> {
  // Before any database work: a flood beyond what the hash threads can take is refused here, cheaply.
  const admission = admitHashWork();
  if (!admission) return { ok: false, error: "overloaded", retryAfterSeconds: ADMISSION_RETRY_AFTER_SECONDS };
  try {
    return await checkPassword(login, password, kind, meta, rememberedBrowserId, deviceCookie);
  } finally {
    admission.release();
  }
}

async function checkPassword(
  login: string,
  password: string,
  kind: "web" | "api",
  meta: RequestMeta,
  rememberedBrowserId: string | null | undefined,
  deviceCookie: string | null | undefined,
): Promise<SignInResult> {
  // The attempt counts on the name's counter, in the statement that finds the account, unless the request
  // carries a device cookie: a browser that signed in to this account before counts on its own counter
  // (lib/security/device-cookie.ts), and only the account found says whether it has.
  const nameCounter = deviceCookie ? null : loginKey(login);
  const before = await beforeTheHash(login, meta, nameCounter);
  if (before.throttled) return before.throttled;
  const { user } = before;
  const deviceKey = user && deviceCookie ? deviceThrottleKey(deviceCookie, user.id) : null;
  const held = deviceKey && user ? await operatorLockSeconds([user.username, user.email]) : 0;
  if (held > 0) return { ok: false, error: "throttled", retryAfterSeconds: held };
  const counter = deviceKey ?? loginKey(login);
  const attempt = before.attempt ?? (await countLoginAttempt(counter));
  // The owner is told when the name is paused; a pause of their own browser's counter is theirs to see.
  if (attempt.lockStarted && !deviceKey) notifyLockInBackground(login, meta);
  if (!attempt.allowed) return { ok: false, error: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  const verified = user ? await verifyAccountPassword(user, password) : await verifyDummyPassword(password);
  if (!user || !verified) {
    const detail = user ? undefined : "unknown user";
    await recordEvent(db, { type: "login_failed", userId: user?.id, outcome: "failure", detail }, meta);
    return { ok: false, error: "invalid_credentials" };
  }
  if (!user.emailVerified) {
    await recordEvent(db, { type: "login_unconfirmed", userId: user.id, outcome: "failure" }, meta);
    return { ok: false, error: "unconfirmed" };
  }
  // The failures are not forgotten here: the second step counts on the same counter, and only a completed
  // sign-in clears it (else every right password would reset the count of wrong codes).
  if (user.totpEnabledAt && !(await isRememberedBrowser(rememberedBrowserId, user))) {
    await uncountLoginAttempt(counter);
    return { ok: false, error: "second_step", secondStepToken: await startSecondStep(user, kind, meta) };
  }
  if (user.passwordHash && needsRehash(user.passwordHash)) {
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  // A success forgets the failures it was counted on (a known browser's own, else the name's: a known
  // browser signing in does not lift a pause others caused) and records the sign-in, in the statement that
  // starts the session: on this hot path each round trip cost more than its write (bench/README.md).
  const writes = [
    failuresDelete(deviceKey ? [deviceKey] : [user.username, user.email]),
    eventInsert({ type: "login", userId: user.id }, meta),
  ];
  return { ok: true, user, writes };
}

/**
 * What a password sign-in reads and counts before its hash, in one statement (each round trip to the
 * database costs the busy main thread more than the work it carries): the per-IP limit, the account the
 * name points at, and, when `nameCounter` is given, the attempt on the name's counter, counted only within
 * the per-IP limit. `attempt` is null when the attempt is still to count (no `nameCounter`, or the name has
 * a streak of failures, which countLoginAttempt counts on under its row lock).
 */
async function beforeTheHash(login: string, meta: RequestMeta, nameCounter: string | null) {
  const ipHit = perIpHit(meta, "login");
  const now = new Date();
  const withinIpLimit = ipHit ? Prisma.sql`(SELECT count FROM ip) <= ${ipHit.limit}` : Prisma.sql`true`;
  const noAttempt = Prisma.sql`SELECT NULL::text AS key WHERE false`;
  const [row] = await directSql<FoundUser & { ipCount: number; ipRetryAfter: number; attemptCounted: boolean }>(
    Prisma.sql`
      WITH ip AS (${ipHit?.statement ?? Prisma.sql`SELECT 0 AS count, 0 AS "retryAfter"`}),
           attempt AS (${nameCounter ? firstAttemptInsert(nameCounter, now, withinIpLimit) : noAttempt})
      SELECT found.*, ip.count AS "ipCount", ip."retryAfter" AS "ipRetryAfter",
             EXISTS (SELECT FROM attempt) AS "attemptCounted"
      FROM ip LEFT JOIN (${userByLoginQuery(login)}) found ON true`,
  );
  const { ipCount, ipRetryAfter, attemptCounted, ...found } = row;
  return {
    throttled: ipHit?.failure({ count: ipCount, retryAfter: ipRetryAfter }) ?? null,
    user: userFromRow(found),
    attempt: attemptCounted ? firstAttemptVerdict(now) : null,
  };
}

/**
 * Checks the current password of a signed-in user (before a change of password or email), counted on the
 * same per-account counter as sign-in: a stolen session cannot guess the password any faster than a
 * sign-in form could, and a locked account refuses without hashing. `field` names the form field a
 * refusal is shown on.
 */
export async function verifyCurrentPassword(
  user: { id: string; username: string; passwordHash: string | null },
  password: string,
  field: string,
  meta: RequestMeta,
): Promise<{ ok: true } | Failure<"wrong_password" | "throttled">> {
  const attempt = await countLoginAttempt(loginKey(user.username));
  if (attempt.lockStarted) notifyLockInBackground(user.username, meta);
  if (!attempt.allowed) {
    // A "Validation" message key: the caller localizes it with the wait ({wait}, from retryAfterSeconds).
    const { retryAfterSeconds } = attempt;
    return { ok: false, error: "throttled", retryAfterSeconds, fieldErrors: { [field]: ["signInsThrottled"] } };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    await recordEvent(
      db,
      { type: "login_failed", userId: user.id, outcome: "failure", detail: "current password" },
      meta,
    );
    return { ok: false, error: "wrong_password", fieldErrors: { [field]: ["wrongCurrentPassword"] } };
  }
  await clearLoginFailures([user.username]);
  return { ok: true };
}

/**
 * Tells the owner of `login` that sign-in is locked. Queued after the answer, for every name whether or not
 * it has an account, so neither the answer nor its timing tells which names exist; capped like every other
 * email to one address.
 */
export function notifyLockInBackground(login: string, meta: RequestMeta) {
  inBackground("sign-in lock notice", async () => {
    const user = await findUserByLogin(login);
    if (user && (await emailQuota(user.email))) await notifyLock(user, meta);
  });
}

async function notifyLock(user: UserRow, meta: RequestMeta) {
  await db.$transaction(async (tx) => {
    await enqueueEmail(tx, user.email, "sign-in-locked", {
      locale: emailLocale(user),
      appName: env.APP_NAME,
      username: user.username,
      minutes: LOGIN_THROTTLE.lockSeconds / 60,
      resetLink: `${env.APP_URL}/forgot-password?email=${encodeURIComponent(user.email)}`,
    });
    await recordEvent(tx, { type: "login_locked", userId: user.id, outcome: "failure" }, meta);
  });
  wakeOutbox();
}
