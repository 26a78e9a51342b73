import "server-only";
import { recordEvent } from "@/lib/accounts/audit";
import type { RequestMeta } from "@/lib/http/request";
import { describeDevice } from "@/lib/accounts/audit-text";
import { emailLocale } from "@/lib/accounts/users";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { revokeAllSessions, revokeSession } from "@/lib/sessions/sessions";

// Signing out, one place for the website, the JSON API and the operator: the session row is revoked (so
// every request that checks it fails from now on) and the event lands in the account's activity.

/** Ends one session of `userId`. Ending an ended session changes nothing. */
export async function signOut(sessionId: string, userId: string, meta: RequestMeta): Promise<void> {
  await db.$transaction(async (tx) => {
    await revokeSession(sessionId, tx);
    await recordEvent(tx, { type: "logout", userId }, meta);
  });
}

/**
 * Ends one of the user's sessions from their sessions list. The id comes from a form, so it ends a session
 * only when that session is the user's. Returns whether one was ended.
 */
export async function signOutOwnSession(userId: string, sessionId: string, meta: RequestMeta): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/.test(sessionId)) return false;
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id: sessionId, userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count > 0) await recordEvent(tx, { type: "logout", userId, detail: "from the sessions list" }, meta);
    return count > 0;
  });
}

/** Ends every session of `userId`, website and API alike; `by` names an operator who did it for them. */
export async function signOutEverywhere(userId: string, meta: RequestMeta, by?: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    await revokeAllSessions(tx, userId);
    await recordEvent(tx, { type: "sessions_revoked", userId, detail: by ? `by ${by}` : undefined }, meta);
    // The owner is told, with where it came from: if it was not them, someone else holds their password.
    const device = describeDevice(meta.userAgent);
    const from = [device.kind === "browser" ? [device.browser, device.os].filter(Boolean).join(", ") : "", meta.ip]
      .filter(Boolean)
      .join(", ");
    await enqueueEmail(tx, user.email, "signed-out-everywhere", {
      locale: emailLocale(user, meta),
      appName: env.APP_NAME,
      username: user.username,
      when: new Date(),
      from: by ? `${env.APP_NAME} (${by})` : from || "?",
      resetLink: `${env.APP_URL}/forgot-password?email=${encodeURIComponent(user.email)}`,
    });
  });
  wakeOutbox();
}
