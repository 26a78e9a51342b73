import "server-only";
import { db, directSql } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { normalizeLogin } from "@/lib/shared/email-address";

// Sign-in attempts per login name: after 5 failures each attempt waits longer (1 s, 2 s, 4 s, …),
// after 10 the name is locked for 15 minutes (defaults); never permanently, and a password reset still works
// while locked. Names are counted whether or not an account exists, so a lock reveals nothing.
//
// Every attempt is counted *before* its password is checked, under a row lock, so a burst of parallel
// attempts is both counted exactly (50 attempts count 50) and held to the limits (only the first few are
// checked). A successful sign-in clears the count.

export const LOGIN_THROTTLE = {
  delayAfter: env.LOGIN_DELAY_AFTER_FAILURES,
  lockAfter: env.LOGIN_LOCK_AFTER_FAILURES,
  lockSeconds: env.LOGIN_LOCK_DURATION,
  // A streak of failures older than this is forgotten.
  forgetAfterSeconds: env.LOGIN_LOCK_DURATION,
};

/** The counter's key for a login name: one key however the name is cased or spaced. */
export const loginKey = normalizeLogin;

export type AttemptVerdict = {
  /** Check the password; when false, refuse without checking it. */
  allowed: boolean;
  retryAfterSeconds: number;
  /** True for exactly the attempt that started a lock (its owner is told once). */
  lockStarted: boolean;
};

type Streak = { failures: number; lastFailureAt: Date | null; lockedUntil: Date | null };

/**
 * Counts a sign-in attempt for a name and says whether its password may be checked. One statement per
 * attempt: the row is the lock, so parallel attempts on one name are counted one after another.
 */
export async function countLoginAttempt(key: string): Promise<AttemptVerdict> {
  const { lockAfter, lockSeconds, forgetAfterSeconds } = LOGIN_THROTTLE;
  const now = new Date();
  const lockEnd = new Date(now.getTime() + lockSeconds * 1000);
  const forgetBefore = new Date(now.getTime() - forgetAfterSeconds * 1000);
  for (;;) {
    // Most attempts find no row (a success deletes it), and creating it is their whole count.
    const created = await directSql(firstAttemptInsert(key, now));
    if (created.length === 1) return firstAttemptVerdict(now);

    // The row exists: lock it, read the streak before this attempt and count the attempt, in one statement
    // (an UPDATE joined to its own row read FOR UPDATE returns the values it replaced). A finished lock, or
    // a streak gone quiet with no lock in force, starts counting afresh.
    const [row] = await directSql<Streak & { lockedUntilAfter: Date | null }>(Prisma.sql`
      UPDATE "LoginThrottle" AS t SET
        failures = before.failures + 1,
        "lastFailureAt" = ${now},
        "lockedUntil" = CASE WHEN before."lockedUntil" IS NOT NULL THEN before."lockedUntil"
                             WHEN before.failures + 1 >= ${lockAfter} THEN ${lockEnd}::timestamptz(3) END
      FROM (
        SELECT key, "lastFailureAt",
               CASE WHEN fresh THEN 0 ELSE failures END AS failures,
               CASE WHEN fresh THEN NULL ELSE "lockedUntil" END AS "lockedUntil"
        FROM (
          SELECT *, ("lockedUntil" <= ${now}::timestamptz(3)
                     OR ("lockedUntil" IS NULL AND "lastFailureAt" < ${forgetBefore}::timestamptz(3))) AS fresh
          FROM "LoginThrottle" WHERE key = ${key} FOR UPDATE
        ) locked
      ) before
      WHERE t.key = before.key
      RETURNING before.failures, before."lastFailureAt", before."lockedUntil", t."lockedUntil" AS "lockedUntilAfter"`);
    if (row) return verdict(row, row.lockedUntilAfter, now);
    // A success deleted the row between the two statements: count this attempt as a first one.
  }
}

/**
 * The statement that counts an attempt on a name with no streak: it creates the name's row, or does nothing
 * when the row exists (countLoginAttempt then counts on it). RETURNING key: one row when it counted. `when`
 * is a condition of the statement it runs in (lib/accounts/sign-in counts only within the per-IP limit).
 */
export function firstAttemptInsert(key: string, now: Date, when: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "LoginThrottle" (key, failures, "lastFailureAt")
    SELECT ${key}::text, 1, ${now}::timestamptz(3) WHERE ${when}
    ON CONFLICT (key) DO NOTHING RETURNING key`;
}

/** The verdict on an attempt that firstAttemptInsert counted: no streak before it, so its password is checked. */
export function firstAttemptVerdict(now: Date): AttemptVerdict {
  return verdict({ failures: 0, lastFailureAt: null, lockedUntil: null }, null, now);
}

/** What an attempt may do, given the streak before it and the lock after it was counted. */
function verdict(before: Streak, lockedUntilAfter: Date | null, now: Date): AttemptVerdict {
  const { delayAfter } = LOGIN_THROTTLE;
  const at = now.getTime();
  const locked = before.lockedUntil !== null;
  const waitFrom = (failures: number, from: number) =>
    failures >= delayAfter ? from + 2 ** (failures - delayAfter) * 1000 : 0;
  const delayUntil = before.lastFailureAt ? waitFrom(before.failures, before.lastFailureAt.getTime()) : 0;
  const allowed = !locked && delayUntil <= at;
  const nextDelay = waitFrom(before.failures + 1, at);
  const until = Math.max(lockedUntilAfter?.getTime() ?? 0, allowed ? 0 : Math.max(delayUntil, nextDelay));
  return {
    allowed,
    retryAfterSeconds: Math.max(1, Math.ceil((until - at) / 1000)),
    lockStarted: !locked && lockedUntilAfter !== null,
  };
}

/**
 * Takes back the count of one attempt that turned out right but does not finish a sign-in (a right password
 * before the second step): the streak of failures stays, and the attempt is not one of them.
 */
export async function uncountLoginAttempt(key: string) {
  await db.$executeRaw`UPDATE "LoginThrottle" SET failures = failures - 1 WHERE key = ${key} AND failures > 0`;
}

/** Forgets the attempts of these names (after a successful sign-in or a password reset). */
export async function clearLoginFailures(keys: string[]) {
  await db.$executeRaw(failuresDelete(keys));
}

/** The DELETE behind clearLoginFailures, for a hot path that runs it in one statement with other writes. */
export function failuresDelete(keys: string[]): Prisma.Sql {
  const names = keys.map(loginKey);
  return Prisma.sql`DELETE FROM "LoginThrottle" WHERE key IN (${Prisma.join([...names, ...names.map(operatorKey)])})`;
}

// An operator's lock is also written under its own key, because a browser the account knows counts its
// attempts apart from the name's (lib/security/device-cookie.ts) and must still be held by it.
const operatorKey = (key: string) => `operator:${key}`;

/** Seconds left of an operator's lock on any of these names, or 0. */
export async function operatorLockSeconds(keys: string[]): Promise<number> {
  const now = Date.now();
  const rows = await db.loginThrottle.findMany({
    where: { key: { in: keys.map((key) => operatorKey(loginKey(key))) }, lockedUntil: { gt: new Date(now) } },
    select: { lockedUntil: true },
  });
  const until = Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

/** An operator's lock on these names until `until` (an admin lock, as opposed to the automatic one). */
export async function lockLogins(keys: string[], until: Date) {
  for (const key of keys.map(loginKey).flatMap((key) => [key, operatorKey(key)])) {
    await db.loginThrottle.upsert({
      where: { key },
      create: { key, failures: 0, lockedUntil: until },
      update: { lockedUntil: until },
    });
  }
}

/**
 * Seconds until the lock on any of these names ends, or null when none is locked. Sign-ins that check no
 * password (a provider's) still honour a lock, automatic or an operator's.
 */
export async function lockRemaining(keys: string[]): Promise<number | null> {
  const now = Date.now();
  const rows = await db.loginThrottle.findMany({
    where: { key: { in: keys.map(loginKey) }, lockedUntil: { gt: new Date(now) } },
    select: { lockedUntil: true },
  });
  const until = Math.max(0, ...rows.map((row) => row.lockedUntil!.getTime()));
  return until > now ? Math.ceil((until - now) / 1000) : null;
}
