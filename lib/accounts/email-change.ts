import "server-only";
import { recordEvent } from "@/lib/accounts/audit";
import { passwordPolicyErrors } from "@/lib/accounts/passwords";
import { db, type Tx } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { withToken } from "@/lib/shared/format";
import { emailLocale, type SignedInUser } from "@/lib/accounts/users";
import { deviceText } from "@/emails/i18n";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import { verifyCurrentPassword } from "@/lib/accounts/sign-in";
import { startSecondStep } from "@/lib/accounts/two-factor";
import { hashPassword } from "@/lib/security/password-hash";
import type { RequestMeta } from "@/lib/http/request";
import { clearLoginFailures } from "@/lib/security/login-throttle";
import { revokeAllSessions } from "@/lib/sessions/sessions";
import { consumeTokenWithEmail, issueToken, peekToken, voidTokens } from "@/lib/security/tokens";
import { emailQuota, limitPerIp, limitTokenSubmissions } from "@/lib/security/rate-limit";
import { type Failure } from "@/lib/shared/result";

// Changing the email address: the new address must confirm before anything changes; the old address is then
// told, with an undo link valid for 7 days. That link belongs to the old address, not to whoever holds the
// account afterwards: a password change, a reset, another email change cannot void it (lib/security/tokens
// keeps it), and while it is valid nobody else can take the old address. Using it puts the address back,
// sets a new password, ends every session and voids every other link, then signs in this device.

const REVERT_SECONDS = 7 * 86400;
const link = (token: string) => withToken(`${env.APP_URL}/email-change`, token);

/** Unused, unexpired undo links that would put `email` back on their account. */
const undoLinksFor = (email: string) =>
  ({ purpose: "revert_email_change", email, usedAt: null, expiresAt: { gt: new Date() } }) as const;

/**
 * The other account that uses `email`, or whose undo link still holds it, or null when the address is free
 * for `userId`. Both lookups always run, so a free and a taken address cost the same.
 */
async function otherAccountWith(client: Tx | typeof db, email: string, userId: string) {
  const [owner, undo] = await Promise.all([
    client.user.findUnique({ where: { email }, select: { id: true, username: true, locale: true } }),
    client.token.findFirst({
      where: { ...undoLinksFor(email), userId: { not: userId } },
      select: { user: { select: { id: true, username: true, locale: true } } },
    }),
  ]);
  if (owner && owner.id !== userId) return owner;
  return undo?.user ?? null;
}

/**
 * Whether an undo link still holds `email`: it was an account's address until recently and may be put back,
 * so nobody else may register it during the undo window. Sign-up treats it as a registered address.
 */
export async function isHeldForUndo(email: string): Promise<boolean> {
  return (await db.token.count({ where: undoLinksFor(email) })) > 0;
}

export type EmailChangeRequest = { ok: true } | Failure<"wrong_password" | "same_email" | "throttled">;

/**
 * Sends a confirmation link to `newEmail`. When another account uses (or holds) that address, its owner gets a
 * notice instead; the answer, the rows written (the requester's activity log included) and the work done are
 * the same either way, so the form cannot be used to find out who has an account.
 */
export async function requestEmailChange(
  userId: string,
  currentPassword: string,
  newEmail: string,
  meta: RequestMeta,
): Promise<EmailChangeRequest> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const check = await verifyCurrentPassword(user, currentPassword, "password", meta);
  if (!check.ok) return check;
  if (newEmail === user.email) {
    return { ok: false, error: "same_email", fieldErrors: { newEmail: ["sameEmail"] } };
  }
  const throttled = await sendChangeLink(user, newEmail, meta, { tellCurrentAddress: true });
  if (throttled) return { ...throttled, fieldErrors: { newEmail: ["attemptsThrottled"] } };
  return { ok: true };
}

/**
 * Issues a new link for a change to `newEmail` (older ones stop working) and mails it, or the holder's
 * notice; with `tellCurrentAddress`, the account's current address is told of the request too. Every mail
 * this sends counts against the client's email requests and its recipient's hourly cap, the same way whether
 * or not the address is taken.
 */
async function sendChangeLink(
  user: { id: string; username: string; email: string; locale: string | null },
  newEmail: string,
  meta: RequestMeta,
  { tellCurrentAddress = false } = {},
): Promise<Failure<"throttled"> | null> {
  const throttled = await limitPerIp(meta, "email-requests");
  if (throttled) return throttled;
  const holder = await otherAccountWith(db, newEmail, user.id);
  const mayEmail = await emailQuota(newEmail);
  // Sent for a free and a taken new address alike, so it tells nothing about who holds that address.
  const mayTellCurrent = tellCurrentAddress && (await emailQuota(user.email));
  await db.$transaction(async (tx) => {
    // Issued for a taken address too (and never sent), so the user's pending links change the same way.
    const token = await issueToken(tx, user.id, "change_email", env.CONFIRM_TOKEN_TTL, newEmail);
    if (!mayEmail) {
      // Over the recipient's cap: nothing is sent, whoever the address belongs to.
    } else if (holder) {
      await enqueueEmail(tx, newEmail, "email-address-in-use", {
        locale: emailLocale(holder),
        appName: env.APP_NAME,
        username: holder.username,
        resetLink: `${env.APP_URL}/forgot-password`,
      });
    } else {
      await enqueueEmail(tx, newEmail, "confirm-new-email", {
        locale: emailLocale(user, meta),
        appName: env.APP_NAME,
        username: user.username,
        link: link(token),
        expiresIn: env.CONFIRM_TOKEN_TTL,
      });
    }
    if (mayTellCurrent) {
      const locale = emailLocale(user, meta);
      await enqueueEmail(tx, user.email, "email-change-requested", {
        locale,
        appName: env.APP_NAME,
        username: user.username,
        newEmail,
        when: new Date(),
        device: deviceText(locale, meta.userAgent),
        accountLink: `${env.APP_URL}/account`,
        resetLink: `${env.APP_URL}/forgot-password?email=${encodeURIComponent(user.email)}`,
      });
    }
    await recordEvent(tx, { type: "email_change_requested", userId: user.id }, meta);
  });
  wakeOutbox();
  return null;
}

/** The change of address waiting for its link to be opened: the new address, and until when the link works. */
export async function pendingEmailChange(userId: string): Promise<{ email: string; expiresAt: Date } | null> {
  const token = await db.token.findFirst({
    where: { userId, purpose: "change_email", usedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { email: true, expiresAt: true },
  });
  return token?.email ? { email: token.email, expiresAt: token.expiresAt } : null;
}

/**
 * "Send it again" for the pending change: a new link to the same address (the password was checked when the
 * change was asked for). Answers "none" when no change is pending any more.
 */
export async function resendEmailChange(
  userId: string,
  meta: RequestMeta,
): Promise<Failure<"none" | "throttled"> | null> {
  const pending = await pendingEmailChange(userId);
  if (!pending) return { ok: false, error: "none" };
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  return sendChangeLink(user, pending.email, meta);
}

/** Withdraws the pending change: its links stop working and the address stays as it is. */
export async function cancelEmailChange(userId: string, meta: RequestMeta): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.token.updateMany({
      where: { userId, purpose: "change_email", usedAt: null },
      data: { usedAt: new Date() },
    });
    if (count > 0) await recordEvent(tx, { type: "email_change_cancelled", userId }, meta);
    return count > 0;
  });
}

/**
 * What an /email-change link is (a new address to confirm, or a change to undo), whether it still works, and
 * whose. `applied`: a used link to confirm a new address that the account uses now (it was this link's change).
 */
export async function peekEmailChangeToken(rawToken: string | null | undefined) {
  for (const purpose of ["change_email", "revert_email_change"] as const) {
    const peek = await peekToken(rawToken, purpose);
    if (peek.state === "invalid") continue;
    const user = peek.userId
      ? await db.user.findUnique({ where: { id: peek.userId }, select: { username: true, email: true } })
      : null;
    const applied =
      purpose === "change_email" && peek.state === "used" && Boolean(peek.email) && user?.email === peek.email;
    return { purpose, state: peek.state, applied, username: user?.username ?? null, email: peek.email ?? null };
  }
  return { purpose: null, state: "invalid" as const, applied: false, username: null, email: null };
}

export type EmailChangeResult = { ok: true } | Failure<"invalid_token" | "email_taken" | "throttled">;

/** Applies a confirmed change; tells the old address, with a link that undoes it. */
export async function confirmEmailChange(rawToken: string, meta: RequestMeta): Promise<EmailChangeResult> {
  const throttled = await limitTokenSubmissions(meta);
  if (throttled) return throttled;
  const result = await db.$transaction(async (tx) => {
    const token = await consumeTokenWithEmail(tx, rawToken, "change_email");
    if (!token?.email) return "invalid_token" as const;
    if (await otherAccountWith(tx, token.email, token.userId)) return "email_taken" as const;
    const before = await tx.user.findUniqueOrThrow({ where: { id: token.userId } });
    await tx.user.update({ where: { id: before.id }, data: { email: token.email, emailVerified: new Date() } });
    // Links sent to the old address (a reset, say) must not outlive the change; undo links of earlier
    // changes do (voidTokens keeps them), and so does the one issued here.
    await voidTokens(tx, before.id);
    const revert = await issueToken(tx, before.id, "revert_email_change", REVERT_SECONDS, before.email);
    await enqueueEmail(tx, before.email, "email-changed", {
      locale: emailLocale(before),
      appName: env.APP_NAME,
      username: before.username,
      newEmail: token.email,
      revertLink: link(revert),
      validFor: REVERT_SECONDS,
    });
    await recordEvent(tx, { type: "email_changed", userId: before.id }, meta);
    return "ok" as const;
  });
  wakeOutbox();
  return result === "ok" ? { ok: true } : { ok: false, error: result };
}

export type RevertResult =
  | { ok: true; user: SignedInUser }
  | (Failure<"second_step"> & { secondStepToken: string })
  | Failure<"invalid_token" | "email_taken" | "throttled" | "invalid">;

/**
 * Undoes an email change: puts the previous address back and sets `password` in one step (whoever made the
 * change may know the old password, or have set their own), then ends every session and voids every link
 * but the undo links of earlier changes. On success the caller starts a website session for `user`. Like a
 * reset, the emailed link proves the address and not the second factor: with two-factor on, the address and
 * password are restored and the sign-in waits for a code ("second_step").
 */
export async function revertEmailChange(rawToken: string, password: string, meta: RequestMeta): Promise<RevertResult> {
  const throttled = await limitTokenSubmissions(meta);
  if (throttled) return throttled;
  const peek = await peekToken(rawToken, "revert_email_change");
  const user = peek.state === "valid" && peek.userId ? await db.user.findUnique({ where: { id: peek.userId } }) : null;
  if (!user || !peek.email) return { ok: false, error: "invalid_token" };
  // A policy failure leaves the link usable, so the owner can try another password.
  const policy = await passwordPolicyErrors(password, { username: user.username, email: peek.email });
  if (policy) return { ok: false, error: "invalid", fieldErrors: policy };
  const passwordHash = await hashPassword(password);

  const result = await db.$transaction(async (tx) => {
    const token = await consumeTokenWithEmail(tx, rawToken, "revert_email_change");
    if (!token?.email || token.userId !== user.id) return "invalid_token" as const;
    if (await otherAccountWith(tx, token.email, user.id)) return "email_taken" as const;
    await tx.user.update({
      where: { id: user.id },
      data: { email: token.email, emailVerified: new Date(), passwordHash },
    });
    await voidTokens(tx, user.id);
    // Undo links of later changes go too (they would hand the account back to a later address); those of
    // earlier changes stay, since their addresses held the account before this one.
    await tx.token.updateMany({
      where: { userId: user.id, purpose: "revert_email_change", usedAt: null, createdAt: { gte: token.createdAt } },
      data: { usedAt: new Date() },
    });
    const sessionVersion = await revokeAllSessions(tx, user.id);
    await recordEvent(tx, { type: "email_change_reverted", userId: user.id }, meta);
    return { sessionVersion, email: token.email };
  });
  if (typeof result === "string") return { ok: false, error: result };
  // Like a reset, an undo ends a sign-in pause on the account's names.
  await clearLoginFailures([user.username, user.email, result.email]);
  if (user.totpEnabledAt) {
    const secondStepToken = await startSecondStep({ id: user.id, sessionVersion: result.sessionVersion }, "web", meta);
    return { ok: false, error: "second_step", secondStepToken };
  }
  return { ok: true, user: { ...user, email: result.email, sessionVersion: result.sessionVersion } };
}
