import "server-only";
import { recordEvent } from "@/lib/accounts/audit";
import { verifyCurrentPassword } from "@/lib/accounts/sign-in";
import { isRecentlyAuthenticated, verifySecondFactor } from "@/lib/accounts/two-factor";
import { emailLocale } from "@/lib/accounts/users";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import type { RequestMeta } from "@/lib/http/request";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { log } from "@/lib/platform/log";
import { emailQuotaKeys } from "@/lib/security/rate-limit";
import { revokeAllSessions } from "@/lib/sessions/sessions";
import type { Failure } from "@/lib/shared/result";

// Deleting an account. The owner asks (proving it is them), and the account waits out a grace period: it is
// signed out everywhere at once, its owner is emailed the date, and any sign-in before then (password,
// passkey, provider, second step, reset or undo link, website or API) cancels the deletion. After the date,
// purgeDueAccounts removes the account with everything that names the person: the sessions, links, passkeys,
// recovery codes, remembered browsers, connected provider accounts and sign-up attempts (database cascades),
// their activity log, the emails queued or sent to the address, and the sign-in counters kept under the
// username and address. What stays is one "account deleted" event with no user, address, IP or user agent.

export const DELETION_GRACE_SECONDS = 7 * 24 * 3600;

/**
 * How the owner proves it is them before deleting: the password; for an account without one (made through
 * a provider), a code from the authenticator app (or a recovery code); with neither, a sign-in in the last
 * few minutes (the page sends them through their provider again).
 */
export type DeletionProof = "password" | "second_factor" | "recent_sign_in";

export async function deletionProof(userId: string): Promise<DeletionProof> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { passwordHash: true, totpEnabledAt: true },
  });
  if (user.passwordHash) return "password";
  return user.totpEnabledAt ? "second_factor" : "recent_sign_in";
}

export type DeletionRequest =
  { ok: true; dueAt: Date } | Failure<"wrong_password" | "wrong_code" | "throttled" | "sign_in_again">;

/**
 * Schedules the deletion of the account of the session `sessionId`, once `proof` (the password, or the code
 * for an account without one) checks out. Every session of the account ends and the notice is queued in
 * the same transaction. Field errors are "Validation" message keys.
 */
export async function requestAccountDeletion(
  userId: string,
  sessionId: string,
  proof: { password?: string; code?: string },
  meta: RequestMeta,
): Promise<DeletionRequest> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const way = user.passwordHash ? "password" : user.totpEnabledAt ? "second_factor" : "recent_sign_in";
  if (way === "password") {
    const check = await verifyCurrentPassword(user, proof.password ?? "", "password", meta);
    if (!check.ok) return check;
  } else if (way === "second_factor") {
    const check = await verifySecondFactor(user.id, proof.code ?? "", meta);
    if (!check.ok) {
      const key = check.error === "throttled" ? "signInsThrottled" : "wrongCode";
      return { ...check, fieldErrors: { code: [key] } };
    }
  } else if (!(await isRecentlyAuthenticated(sessionId))) {
    return { ok: false, error: "sign_in_again" };
  }

  const dueAt = new Date(Date.now() + DELETION_GRACE_SECONDS * 1000);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { deletionDueAt: dueAt } });
    await revokeAllSessions(tx, user.id);
    await recordEvent(tx, { type: "account_deletion_requested", userId: user.id }, meta);
    await enqueueEmail(tx, user.email, "account-deletion-scheduled", {
      locale: emailLocale(user, meta),
      appName: env.APP_NAME,
      username: user.username,
      dueAt,
      signInLink: `${env.APP_URL}/login`,
    });
  });
  wakeOutbox();
  return { ok: true, dueAt };
}

/**
 * Called by every completed sign-in with the account row it read: a pending deletion is cancelled. Costs
 * nothing when none is pending (the row says so). Returns whether one was cancelled, so the page can say it.
 */
export async function cancelDeletionOnSignIn(
  user: { id: string; deletionDueAt: Date | null },
  meta: RequestMeta,
): Promise<boolean> {
  if (!user.deletionDueAt) return false;
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: user.id, deletionDueAt: { not: null } },
      data: { deletionDueAt: null },
    });
    if (count === 1) await recordEvent(tx, { type: "account_deletion_cancelled", userId: user.id }, meta);
    return count === 1;
  });
}

/**
 * Removes the accounts whose grace period is over (up to `limit` a call), each in its own transaction.
 * Safe to run from several instances at once: an account being removed by one is skipped by the others,
 * and one a sign-in saved in the meantime is left alone. Returns how many were removed.
 */
export async function purgeDueAccounts(now = new Date(), limit = 100): Promise<number> {
  const due = await db.user.findMany({
    where: { deletionDueAt: { lte: now } },
    select: { id: true },
    orderBy: { deletionDueAt: "asc" },
    take: limit,
  });
  let purged = 0;
  for (const { id } of due) if (await purgeAccount(id, now)) purged++;
  if (purged > 0) log.info("deleted accounts removed", { count: purged });
  return purged;
}

async function purgeAccount(userId: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // The row's lock decides against a sign-in cancelling at the same moment (it waits, then finds no row).
    const [user] = await tx.$queryRaw<{ id: string; username: string; email: string }[]>`
      SELECT id, username, email FROM "User"
      WHERE id = ${userId}::uuid AND "deletionDueAt" <= ${now}
      FOR UPDATE SKIP LOCKED`;
    if (!user) return false;
    // The activity log named the person through its user id, IP and user agent, and was theirs to read:
    // it goes with them (an anonymised copy could still be matched by its times against web-server logs).
    await tx.auditEvent.deleteMany({ where: { userId } });
    // An admin who is deleted leaves other accounts' logs naming an admin, not which one.
    await tx.auditEvent.updateMany({
      where: { detail: `by admin:${user.username}` },
      data: { detail: "by admin (account deleted)" },
    });
    await tx.emailOutbox.deleteMany({ where: { to: user.email } });
    await tx.webAuthnChallenge.deleteMany({ where: { userId } });
    await tx.loginThrottle.deleteMany({
      where: {
        OR: [
          { key: { in: [user.username, user.email, `operator:${user.username}`, `operator:${user.email}`] } },
          { key: { startsWith: `device:${userId}:` } },
        ],
      },
    });
    await tx.rateLimit.deleteMany({ where: { key: { in: emailQuotaKeys(user.email) } } });
    // Sessions, links, passkeys, recovery codes, second-step challenges, remembered browsers, connected
    // provider accounts and sign-up attempts go with the row (ON DELETE CASCADE).
    await tx.user.delete({ where: { id: userId } });
    await recordEvent(tx, { type: "account_deleted" }, { ip: null, userAgent: null });
    return true;
  });
}
