import "server-only";
import { recordEvent } from "@/lib/accounts/audit";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { formatDuration, withToken } from "@/lib/shared/format";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import { verifyPassword } from "@/lib/security/password-hash";
import type { RequestMeta } from "@/lib/http/request";
import { revokeAllSessions } from "@/lib/sessions/sessions";
import { consumeTokenWithEmail, issueToken, peekToken, voidTokens } from "@/lib/security/tokens";
import { limitTokenSubmissions } from "@/lib/security/rate-limit";
import { type Failure } from "@/lib/shared/result";

// Changing the email address: the new address must confirm before anything changes; the old
// address is then told, with a link that puts it back and signs out every device, valid for 7 days.

const REVERT_SECONDS = 7 * 86400;
const link = (token: string) => withToken(`${env.APP_URL}/email-change`, token);

export type EmailChangeRequest = { ok: true } | Failure<"wrong_password" | "same_email">;

/**
 * Sends a confirmation link to `newEmail`. Answers the same whether or not another account uses that
 * address (then nothing is sent), so the form cannot be used to find out who has an account.
 */
export async function requestEmailChange(
  userId: string,
  currentPassword: string,
  newEmail: string,
  meta: RequestMeta,
): Promise<EmailChangeRequest> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    return { ok: false, error: "wrong_password", fieldErrors: { password: ["That is not your current password."] } };
  }
  if (newEmail === user.email) {
    return { ok: false, error: "same_email", fieldErrors: { newEmail: ["That is already your email address."] } };
  }
  if (await db.user.findUnique({ where: { email: newEmail }, select: { id: true } })) return { ok: true };
  await db.$transaction(async (tx) => {
    const token = await issueToken(tx, user.id, "change_email", env.CONFIRM_TOKEN_TTL, newEmail);
    await enqueueEmail(tx, newEmail, "confirm-new-email", {
      appName: env.APP_NAME,
      username: user.username,
      link: link(token),
      expiresIn: formatDuration(env.CONFIRM_TOKEN_TTL),
    });
    await recordEvent(tx, { type: "email_change_requested", userId: user.id }, meta);
  });
  wakeOutbox();
  return { ok: true };
}

/** What an /email-change link is: a new address to confirm, or a change to undo, and whether it still works. */
export async function peekEmailChangeToken(rawToken: string | null | undefined) {
  for (const purpose of ["change_email", "revert_email_change"] as const) {
    const peek = await peekToken(rawToken, purpose);
    if (peek.state !== "invalid") return { purpose, state: peek.state };
  }
  return { purpose: null, state: "invalid" as const };
}

export type EmailChangeResult = { ok: true } | Failure<"invalid_token" | "email_taken" | "throttled">;

/** Applies a confirmed change; tells the old address, with a link that undoes it. */
export async function confirmEmailChange(rawToken: string, meta: RequestMeta): Promise<EmailChangeResult> {
  const throttled = await limitTokenSubmissions(meta);
  if (throttled) return throttled;
  const result = await db.$transaction(async (tx) => {
    const token = await consumeTokenWithEmail(tx, rawToken, "change_email");
    if (!token?.email) return "invalid_token" as const;
    if (await tx.user.findUnique({ where: { email: token.email }, select: { id: true } }))
      return "email_taken" as const;
    const before = await tx.user.findUniqueOrThrow({ where: { id: token.userId } });
    await tx.user.update({ where: { id: before.id }, data: { email: token.email, emailVerified: new Date() } });
    // Links sent to the old address (a reset, say) must not outlive the change.
    await voidTokens(tx, before.id);
    const revert = await issueToken(tx, before.id, "revert_email_change", REVERT_SECONDS, before.email);
    await enqueueEmail(tx, before.email, "email-changed", {
      appName: env.APP_NAME,
      username: before.username,
      newEmail: token.email,
      revertLink: link(revert),
      validFor: formatDuration(REVERT_SECONDS),
    });
    await recordEvent(tx, { type: "email_changed", userId: before.id }, meta);
    return "ok" as const;
  });
  wakeOutbox();
  return result === "ok" ? { ok: true } : { ok: false, error: result };
}

/** Puts the previous address back and signs out every session (the change may have been an attacker's). */
export async function revertEmailChange(rawToken: string, meta: RequestMeta): Promise<EmailChangeResult> {
  const throttled = await limitTokenSubmissions(meta);
  if (throttled) return throttled;
  const result = await db.$transaction(async (tx) => {
    const token = await consumeTokenWithEmail(tx, rawToken, "revert_email_change");
    if (!token?.email) return "invalid_token" as const;
    const taken = await tx.user.findUnique({ where: { email: token.email }, select: { id: true } });
    if (taken && taken.id !== token.userId) return "email_taken" as const;
    await tx.user.update({ where: { id: token.userId }, data: { email: token.email, emailVerified: new Date() } });
    await voidTokens(tx, token.userId);
    await revokeAllSessions(tx, token.userId);
    await recordEvent(tx, { type: "email_change_reverted", userId: token.userId }, meta);
    return "ok" as const;
  });
  return result === "ok" ? { ok: true } : { ok: false, error: result };
}
