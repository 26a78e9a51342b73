import "server-only";
import { recordEvent } from "@/lib/accounts/audit";
import { inBackground } from "@/lib/platform/background";
import { db, type Tx } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { withToken } from "@/lib/shared/format";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import { hashPassword } from "@/lib/security/password-hash";
import { verifyCurrentPassword } from "@/lib/accounts/sign-in";
import { emailQuota, limitPerIp, limitTokenSubmissions } from "@/lib/security/rate-limit";
import type { RequestMeta } from "@/lib/http/request";
import { startSecondStep } from "@/lib/accounts/two-factor";
import { revokeAllSessions } from "@/lib/sessions/sessions";
import { consumeToken, issueToken, peekToken, voidTokens } from "@/lib/security/tokens";
import { clearLoginFailures } from "@/lib/security/login-throttle";
import { dropUnprovenConnections, voidPendingSignups } from "@/lib/accounts/confirmation";
import { emailLocale, lockSignup, SIGNUP_BUSY, signupTransaction, type UserRow } from "@/lib/accounts/users";
import type { Failure, FieldErrors } from "@/lib/shared/result";
import { judgePassword, strengthInputs } from "@/lib/shared/password-policy";
import { scorePasswordOffThread } from "@/lib/security/strength-thread";
import { newPasswordSchema } from "@/lib/shared/validation";

// Forgotten passwords and password changes. Setting a password always does the same things in one
// transaction: new hash, every outstanding token voided, every session revoked, a notice email queued.

/**
 * The policy errors for a new password (length window, then strength), or null when it is acceptable.
 * The errors are "Validation" message keys (lib/platform/i18n localizeFieldErrors).
 */
export async function passwordPolicyErrors(
  password: string,
  context: { username?: string; email?: string },
): Promise<FieldErrors | null> {
  const length = newPasswordSchema(env.PASSWORD_MIN_LENGTH).safeParse(password);
  if (!length.success) return { password: length.error.issues.map((issue) => issue.message) };
  const person = { ...context, appName: env.APP_NAME };
  const verdict = judgePassword(password, person, await scorePasswordOffThread(password, strengthInputs(person)));
  return verdict.ok ? null : { password: [verdict.reason!] };
}

/**
 * Emails a reset link to an account, confirmed or not (on an unconfirmed one, choosing the new password is
 * the proof of the address: it confirms the account), at most 3 emails per address per hour. Returns at once, the same way for every address; the work runs in
 * the background so neither the answer nor its timing tells whether the address has an account.
 */
export async function requestPasswordReset(email: string, meta: RequestMeta): Promise<Failure<"throttled"> | null> {
  const throttled = await limitPerIp(meta, "email-requests");
  if (throttled) return throttled;
  inBackground("password reset request", () => sendResetLink(email, meta));
  return null;
}

async function sendResetLink(email: string, meta: RequestMeta) {
  const user = await db.user.findUnique({ where: { email } });
  if (!user) return;
  if (!(await emailQuota(user.email))) return;
  await db.$transaction(async (tx) => {
    const token = await issueToken(tx, user.id, "reset_password", env.RESET_TOKEN_TTL);
    // In the language of the page it was asked from: the reader is the person who just used it.
    await enqueueEmail(tx, user.email, "reset-password", {
      locale: meta.locale ?? emailLocale(user),
      appName: env.APP_NAME,
      username: user.username,
      link: withToken(env.RESET_URL, token),
      expiresIn: env.RESET_TOKEN_TTL,
    });
    await recordEvent(tx, { type: "reset_requested", userId: user.id }, meta);
  });
  wakeOutbox();
}

/** The state of a reset link, and whose it is (for the strength meter's context), without consuming it. */
export async function peekResetToken(rawToken: string | null | undefined) {
  const peek = await peekToken(rawToken, "reset_password");
  const user = peek.userId
    ? await db.user.findUnique({ where: { id: peek.userId }, select: { username: true, email: true } })
    : null;
  return { state: peek.state, user, newestSentAt: peek.newestSentAt };
}

/** Emails a fresh reset link for the account an expired or used reset link belonged to. */
export async function resendResetForToken(rawToken: string, meta: RequestMeta): Promise<Failure<"throttled"> | null> {
  const throttled = await limitPerIp(meta, "email-requests");
  if (throttled) return throttled;
  inBackground("reset link resend", async () => {
    const { user } = await peekResetToken(rawToken);
    if (user) await sendResetLink(user.email, meta);
  });
  return null;
}

// `user` carries the new session version: every earlier session has ended, and a session the caller starts
// for `user` now is live.
type PasswordSet = { ok: true; user: UserRow };
export type ResetResult =
  | PasswordSet
  | (Failure<"second_step"> & { secondStepToken: string })
  | Failure<"invalid_token" | "invalid" | "throttled">;
export type ChangeResult = PasswordSet | Failure<"wrong_password" | "invalid" | "throttled">;

/**
 * Sets a new password with an emailed reset token, for a sign-in on `kind` (the website or the API); on
 * success the caller starts a session of that kind for `user`.
 */
export async function resetPassword(
  rawToken: string,
  password: string,
  kind: "web" | "api",
  meta: RequestMeta,
): Promise<ResetResult> {
  const throttled = await limitTokenSubmissions(meta);
  if (throttled) return throttled;
  const peek = await peekToken(rawToken, "reset_password");
  const user = peek.state === "valid" && peek.userId ? await db.user.findUnique({ where: { id: peek.userId } }) : null;
  if (!user) return { ok: false, error: "invalid_token" };
  // A policy failure leaves the token usable, so the user can try another password.
  const policy = await passwordPolicyErrors(password, user);
  if (policy) return { ok: false, error: "invalid", fieldErrors: policy };
  const passwordHash = await hashPassword(password);

  const sessionVersion = await signupTransaction(async (tx) => {
    // On an unconfirmed account, serialised with sign-ups and confirmations of the address, which may be
    // confirming it right now (a confirmed account stays confirmed, so it needs no lock).
    if (!user.emailVerified) await lockSignup(tx, { email: user.email });
    // Of parallel submissions exactly one consumes the token; the others change nothing.
    if ((await consumeToken(tx, rawToken, "reset_password")) !== user.id) return null;
    const current = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { emailVerified: true } });
    if (!current.emailVerified) {
      // The reset link reached the address: that proves it. The new password is the account's, and every
      // pending sign-up attempt (with passwords nobody proved) is voided with its links.
      await tx.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
      await voidPendingSignups(tx, user.id);
      await dropUnprovenConnections(tx, user.id, meta);
      await recordEvent(tx, { type: "email_confirmed", userId: user.id, detail: "by password reset" }, meta);
    }
    return setPassword(tx, user, passwordHash, "password_reset", meta);
  });
  if (sessionVersion === SIGNUP_BUSY) return { ok: false, error: "throttled", retryAfterSeconds: 1 };
  if (sessionVersion === null) return { ok: false, error: "invalid_token" };
  // A reset works while sign-in is paused, and ends the pause.
  await clearLoginFailures([user.username, user.email]);
  wakeOutbox();
  // An emailed link proves the address, not the second factor: with two-factor on, the reset changes the
  // password and the sign-in still waits for a code.
  if (user.totpEnabledAt) {
    const secondStepToken = await startSecondStep({ id: user.id, sessionVersion }, kind, meta);
    return { ok: false, error: "second_step", secondStepToken };
  }
  return { ok: true, user: { ...user, sessionVersion } };
}

/** Changes the password of a signed-in user who knows the current one; every session ends, and the caller
 * starts a fresh one for `user` on this device. */
export async function changePassword(
  userId: string,
  current: string,
  next: string,
  meta: RequestMeta,
): Promise<ChangeResult> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const check = await verifyCurrentPassword(user, current, "currentPassword", meta);
  if (!check.ok) return check;
  const policy = await passwordPolicyErrors(next, user);
  if (policy) return { ok: false, error: "invalid", fieldErrors: { newPassword: policy.password } };
  const passwordHash = await hashPassword(next);
  const sessionVersion = await db.$transaction((tx) => setPassword(tx, user, passwordHash, "password_changed", meta));
  wakeOutbox();
  return { ok: true, user: { ...user, sessionVersion } };
}

async function setPassword(
  tx: Tx,
  user: UserRow,
  passwordHash: string,
  event: "password_reset" | "password_changed",
  meta: RequestMeta,
) {
  await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
  await voidTokens(tx, user.id);
  const sessionVersion = await revokeAllSessions(tx, user.id);
  await enqueueEmail(tx, user.email, "password-changed", {
    locale: emailLocale(user, meta),
    appName: env.APP_NAME,
    username: user.username,
    when: new Date(),
    resetLink: `${env.APP_URL}/forgot-password?email=${encodeURIComponent(user.email)}`,
  });
  await recordEvent(tx, { type: event, userId: user.id }, meta);
  return sessionVersion;
}
