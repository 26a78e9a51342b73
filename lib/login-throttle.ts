import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// Sign-in attempts per login name (SPEC §3): after 5 failures each attempt waits longer (1 s, 2 s, 4 s, …),
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

export function loginKey(login: string): string {
  return login.trim().normalize("NFKC").toLowerCase();
}

export type AttemptVerdict = {
  /** Check the password; when false, refuse without checking it. */
  allowed: boolean;
  retryAfterSeconds: number;
  /** True for exactly the attempt that started a lock (its owner is told once). */
  lockStarted: boolean;
};

/** Counts a sign-in attempt for a name and says whether its password may be checked. */
export async function countLoginAttempt(key: string): Promise<AttemptVerdict> {
  const { delayAfter, lockAfter, lockSeconds, forgetAfterSeconds } = LOGIN_THROTTLE;
  return db.$transaction(async (tx) => {
    // One statement creates the row if needed and locks it, so a parallel sign-in that deletes it (a
    // success clears the count) cannot slip in between.
    const [row] = await tx.$queryRaw<{ failures: number; lastFailureAt: Date; lockedUntil: Date | null }[]>`
      INSERT INTO "LoginThrottle" (key) VALUES (${key})
      ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
      RETURNING failures, "lastFailureAt", "lockedUntil"`;
    const now = Date.now();
    let { failures, lockedUntil } = row;
    // A finished lock or an old streak starts counting afresh.
    if (
      (lockedUntil && lockedUntil.getTime() <= now) ||
      row.lastFailureAt.getTime() < now - forgetAfterSeconds * 1000
    ) {
      failures = 0;
      lockedUntil = null;
    }
    const locked = lockedUntil !== null;
    const delayUntil = failures >= delayAfter ? row.lastFailureAt.getTime() + 2 ** (failures - delayAfter) * 1000 : 0;
    const allowed = !locked && delayUntil <= now;
    failures += 1;
    const lockStarted = !locked && failures >= lockAfter;
    if (lockStarted) lockedUntil = new Date(now + lockSeconds * 1000);
    await tx.loginThrottle.update({ where: { key }, data: { failures, lastFailureAt: new Date(now), lockedUntil } });

    const nextDelay = failures >= delayAfter ? now + 2 ** (failures - delayAfter) * 1000 : now;
    const until = Math.max(lockedUntil?.getTime() ?? 0, allowed ? 0 : Math.max(delayUntil, nextDelay));
    return { allowed, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)), lockStarted };
  });
}

/** Forgets the attempts of these names (after a successful sign-in or a password reset). */
export async function clearLoginFailures(keys: string[]) {
  await db.loginThrottle.deleteMany({ where: { key: { in: keys.map(loginKey) } } });
}

/** An operator's lock on these names until `until` (an admin lock, as opposed to the automatic one). */
export async function lockLogins(keys: string[], until: Date) {
  for (const key of keys.map(loginKey)) {
    await db.loginThrottle.upsert({
      where: { key },
      create: { key, failures: 0, lockedUntil: until },
      update: { lockedUntil: until },
    });
  }
}
