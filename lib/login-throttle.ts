import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// Failed sign-ins per login name (SPEC §3): after 5 failures each attempt waits longer (1 s, 2 s, 4 s, …),
// after 10 the name is locked for 15 minutes (defaults); never permanently, and a password reset still works while
// locked. Names are counted whether or not an account exists, so a lock reveals nothing. Counting is one
// atomic upsert: 50 parallel wrong passwords count 50.

export const LOGIN_THROTTLE = {
  delayAfter: env.LOGIN_DELAY_AFTER_FAILURES,
  lockAfter: env.LOGIN_LOCK_AFTER_FAILURES,
  lockSeconds: env.LOGIN_LOCK_DURATION,
  // A streak of failures older than this is forgotten.
  forgetAfterSeconds: env.LOGIN_LOCK_DURATION,
};

export function loginKey(login: string): string {
  return login.trim().normalize("NFKC").toLowerCase();
}

/** Seconds this name must wait before its next attempt (0: go ahead). */
export async function loginWait(key: string): Promise<number> {
  const row = await db.loginThrottle.findUnique({ where: { key } });
  if (!row) return 0;
  const now = Date.now();
  if (row.lockedUntil) return row.lockedUntil.getTime() > now ? Math.ceil((row.lockedUntil.getTime() - now) / 1000) : 0;
  if (row.failures < LOGIN_THROTTLE.delayAfter) return 0;
  const delay = 2 ** (row.failures - LOGIN_THROTTLE.delayAfter) * 1000;
  return Math.max(0, Math.ceil((row.lastFailureAt.getTime() + delay - now) / 1000));
}

/** Counts one failed attempt; `lockStarted` is true for exactly the failure that starts a lock. */
export async function recordLoginFailure(key: string): Promise<{ failures: number; lockStarted: boolean }> {
  const { lockAfter, lockSeconds, forgetAfterSeconds } = LOGIN_THROTTLE;
  // A finished lock or an old streak starts counting afresh.
  const [row] = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "LoginThrottle" (key, failures, "lastFailureAt") VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE
        WHEN "LoginThrottle"."lockedUntil" <= now()
          OR "LoginThrottle"."lastFailureAt" < now() - make_interval(secs => ${forgetAfterSeconds}) THEN 1
        ELSE "LoginThrottle".failures + 1 END,
      "lockedUntil" = CASE
        WHEN "LoginThrottle"."lockedUntil" <= now() THEN NULL
        WHEN "LoginThrottle"."lockedUntil" IS NULL AND "LoginThrottle".failures + 1 >= ${lockAfter}
          THEN now() + make_interval(secs => ${lockSeconds})
        ELSE "LoginThrottle"."lockedUntil" END,
      "lastFailureAt" = now()
    RETURNING failures`;
  return { failures: row.failures, lockStarted: row.failures === lockAfter };
}

/** Forgets the failures of these names (after a successful sign-in or a password reset). */
export async function clearLoginFailures(keys: string[]) {
  await db.loginThrottle.deleteMany({ where: { key: { in: keys.map(loginKey) } } });
}
