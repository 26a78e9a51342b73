import "server-only";
import { recordEvent } from "@/lib/accounts/audit";
import { findUserByLogin, type UserRow } from "@/lib/accounts/users";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import type { RequestMeta } from "@/lib/http/request";
import { inBackground } from "@/lib/platform/background";
import { db, type Tx } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { hit, limitTokenSubmissions, LIMITS } from "@/lib/security/rate-limit";
import { consumeToken, hashToken, issueToken } from "@/lib/security/tokens";
import { createSession } from "@/lib/sessions/sessions";
import { formatDuration, withToken } from "@/lib/shared/format";
import type { Failure } from "@/lib/shared/result";

// Email confirmation: queue a link, confirm it (activating the account and starting a session), resend.

export async function queueConfirmation(tx: Tx, user: UserRow) {
  const token = await issueToken(tx, user.id, "confirm_email", env.CONFIRM_TOKEN_TTL);
  await enqueueEmail(tx, user.email, "confirm-email", {
    appName: env.APP_NAME,
    username: user.username,
    link: withToken(env.CONFIRMATION_URL, token),
    expiresIn: formatDuration(env.CONFIRM_TOKEN_TTL),
  });
}

export type ConfirmResult = { ok: true; user: UserRow; sessionId: string } | Failure<"invalid_token" | "throttled">;

/** Consumes a confirmation token, activates the account and starts a session of `kind`. */
export async function confirmEmail(rawToken: string, kind: "web" | "api", meta: RequestMeta): Promise<ConfirmResult> {
  const throttled = await limitTokenSubmissions(meta);
  if (throttled) return throttled;
  const result = await db.$transaction(async (tx) => {
    const userId = await consumeToken(tx, rawToken, "confirm_email");
    if (!userId) return null;
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    const confirmed = user.emailVerified
      ? user
      : await tx.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
    await recordEvent(tx, { type: "email_confirmed", userId }, meta);
    const sessionId = await createSession(confirmed, kind, meta, tx);
    return { user: confirmed, sessionId };
  });
  return result ? { ok: true, ...result } : { ok: false, error: "invalid_token" };
}

/**
 * Sends a fresh confirmation link to an unconfirmed account (named by username or email), at most 3 per
 * address per hour. Returns at once and the same way whatever the account's state; the work runs in the
 * background so the response time does not tell either.
 */
export function resendConfirmation(login: string, meta: RequestMeta): void {
  inBackground("resend confirmation", () => sendFreshConfirmation(login, meta));
}

async function sendFreshConfirmation(login: string, meta: RequestMeta) {
  const user = await findUserByLogin(login);
  if (!user || user.emailVerified) return;
  if (!(await hit(`email:${user.email}`, LIMITS.emailsPerAddress)).allowed) return;
  await db.$transaction(async (tx) => {
    await queueConfirmation(tx, user);
    await recordEvent(tx, { type: "confirmation_resent", userId: user.id }, meta);
  });
  wakeOutbox();
}

/** "Send me a new link" from an expired or used confirmation link: the old token names the account. */
export function resendConfirmationForToken(rawToken: string, meta: RequestMeta): void {
  inBackground("resend confirmation for a link", async () => {
    const token = await db.token.findUnique({ where: { hash: hashToken(rawToken) }, include: { user: true } });
    if (token?.purpose === "confirm_email") await sendFreshConfirmation(token.user.email, meta);
  });
}
