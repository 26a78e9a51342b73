import "server-only";
import crypto from "node:crypto";
import { recordEvent } from "@/lib/accounts/audit";
import {
  emailLocale,
  findUserByLogin,
  lockSignup,
  SIGNUP_BUSY,
  signupTransaction,
  usernameHeld,
  type UserRow,
} from "@/lib/accounts/users";
import { enqueueEmail, outboxInsert, renderEmail, wakeOutbox, type RenderedEmail } from "@/lib/email/outbox";
import type { RequestMeta } from "@/lib/http/request";
import { inBackground } from "@/lib/platform/background";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, type Tx } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { loginKey } from "@/lib/security/login-throttle";
import { emailQuota, limitPerIp, limitTokenSubmissions } from "@/lib/security/rate-limit";
import {
  consumeTokenWithEmail,
  hashToken,
  issueToken,
  newRawToken,
  peekToken,
  tokenInsert,
  voidTokens,
  wellFormed,
} from "@/lib/security/tokens";
import { withToken } from "@/lib/shared/format";
import type { Locale } from "@/lib/shared/locales";
import type { Failure } from "@/lib/shared/result";

// Email confirmation. Until an address is confirmed, each sign-up with it is a SignupAttempt holding its own
// username and password hash, and each confirmation link belongs to one attempt. Confirming a link makes
// that attempt's username and password the account's and voids every other attempt and link of the address:
// credentials chosen by someone who never proved the address do not survive the proof.

type Attempt = { id: string; username: string; createdAt: Date; locale: string | null };

/**
 * A new sign-up attempt's first confirmation link: its token, its time and its email, in `locale` (the
 * language the sign-up was made in). Made before the attempt's transaction, while the password hash runs.
 */
export type FirstLink = { token: string; signedUpAt: Date; email: RenderedEmail };

export async function prepareFirstLink(username: string, locale: Locale): Promise<FirstLink> {
  const token = newRawToken();
  const signedUpAt = new Date();
  const email = await renderEmail("confirm-email", {
    locale,
    appName: env.APP_NAME,
    username,
    signedUpAt,
    link: withToken(env.CONFIRMATION_URL, token),
    expiresIn: env.CONFIRM_TOKEN_TTL,
  });
  return { token, signedUpAt, email };
}

/**
 * The writes that record a sign-up attempt for an unconfirmed account and queue its first link, made by
 * prepareFirstLink: the attempt, the link's token and its email. Sign-up sends them in one statement with its
 * own writes (lib/platform/db oneStatement).
 */
export function signupAttemptWrites(
  user: { id: string; email: string },
  credentials: { username: string; passwordHash: string },
  locale: Locale,
  link: FirstLink,
): Prisma.Sql[] {
  const attemptId = crypto.randomUUID();
  const ttlSeconds = env.CONFIRM_TOKEN_TTL;
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  return [
    Prisma.sql`
      INSERT INTO "SignupAttempt" (id, "userId", username, "passwordHash", locale, "createdAt", "expiresAt")
      VALUES (${attemptId}::uuid, ${user.id}::uuid, ${credentials.username}, ${credentials.passwordHash}, ${locale},
              ${link.signedUpAt}, ${expiresAt})`,
    tokenInsert(link.token, { userId: user.id, purpose: "confirm_email", ttlSeconds, attemptId }),
    outboxInsert(user.email, "confirm-email", link.email),
  ];
}

/** Emails a fresh link for one attempt (its older links stop working) and keeps the attempt alive as long. */
async function queueAttemptLink(tx: Tx, user: UserRow, attempt: Attempt) {
  const expiresAt = new Date(Date.now() + env.CONFIRM_TOKEN_TTL * 1000);
  await tx.signupAttempt.update({ where: { id: attempt.id }, data: { expiresAt } });
  const token = await issueToken(tx, user.id, "confirm_email", env.CONFIRM_TOKEN_TTL, undefined, attempt.id);
  await enqueueEmail(tx, user.email, "confirm-email", {
    // The language of the sign-up this link confirms.
    locale: emailLocale({ locale: attempt.locale ?? user.locale }),
    appName: env.APP_NAME,
    username: attempt.username,
    signedUpAt: attempt.createdAt,
    link: withToken(env.CONFIRMATION_URL, token),
    expiresIn: env.CONFIRM_TOKEN_TTL,
  });
}

/** Emails a link that confirms an account's address and nothing else (an account made through a provider). */
export async function queueAccountLink(tx: Tx, user: UserRow & { createdAt: Date }) {
  const token = await issueToken(tx, user.id, "confirm_email", env.CONFIRM_TOKEN_TTL);
  await enqueueEmail(tx, user.email, "confirm-email", {
    locale: emailLocale(user),
    appName: env.APP_NAME,
    username: user.username,
    signedUpAt: user.createdAt,
    link: withToken(env.CONFIRMATION_URL, token),
    expiresIn: env.CONFIRM_TOKEN_TTL,
  });
}

/**
 * Queues a fresh link for an unconfirmed account's newest sign-up attempt (run it in `signupTransaction`) (`username` picks the attempt
 * with that username instead). Sends nothing when that attempt's username has meanwhile gone to someone
 * else. Returns whether a link was queued.
 */
export async function queueConfirmation(tx: Tx, user: UserRow, username?: string): Promise<boolean> {
  await lockSignup(tx, { email: user.email });
  const attempts = await tx.signupAttempt.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" } });
  let attempt: Attempt | undefined = attempts.find((candidate) => candidate.username === username) ?? attempts[0];
  if (!attempt) {
    const row = await tx.user.findUniqueOrThrow({ where: { id: user.id } });
    const passwordHash = row.passwordHash;
    // An account made through a sign-in provider has no password to choose between: its link confirms the
    // address only.
    if (passwordHash === null) {
      await queueAccountLink(tx, row);
      return true;
    }
    // An account from before attempts existed, whose attempt was never recorded: its own row is the attempt.
    attempt = await tx.signupAttempt.create({
      data: { userId: user.id, username: user.username, passwordHash, locale: user.locale, expiresAt: new Date() },
    });
  }
  if (await usernameHeld(tx, attempt.username, user.id)) return false;
  await queueAttemptLink(tx, user, attempt);
  return true;
}

export type ConfirmResult = { ok: true; user: UserRow } | Failure<"invalid_token" | "throttled">;

/**
 * Consumes a confirmation token, makes its attempt's username and password the account's, voids every
 * other attempt and link of the address. On success the caller starts a session for `user`.
 */
export async function confirmEmail(rawToken: string, meta: RequestMeta): Promise<ConfirmResult> {
  const throttled = await limitTokenSubmissions(meta);
  if (throttled) return throttled;
  if (!wellFormed(rawToken)) return { ok: false, error: "invalid_token" };
  const result = await signupTransaction(async (tx) => {
    const token = await tx.token.findUnique({ where: { hash: hashToken(rawToken) }, include: { user: true } });
    if (!token) return null;
    // Confirmations, sign-ups and resets of one address run one at a time: of two links confirmed at
    // once, the second finds itself voided by the first.
    await lockSignup(tx, { email: token.user.email });
    const used = await consumeTokenWithEmail(tx, rawToken, "confirm_email");
    if (!used) return null;
    const confirmed = await activateAttempt(tx, used.userId, used.attemptId, meta);
    await recordEvent(tx, { type: "email_confirmed", userId: confirmed.id }, meta);
    return confirmed;
  });
  if (result === SIGNUP_BUSY) return { ok: false, error: "throttled", retryAfterSeconds: 1 };
  return result ? { ok: true, user: result } : { ok: false, error: "invalid_token" };
}

async function activateAttempt(tx: Tx, userId: string, attemptId: string | null, meta: RequestMeta) {
  const attempt = attemptId ? await tx.signupAttempt.findUnique({ where: { id: attemptId } }) : null;
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.emailVerified && !attempt) return user;
  // The confirmed sign-up's language becomes the account's.
  const credentials = attempt
    ? {
        username: attempt.username,
        passwordHash: attempt.passwordHash,
        ...(attempt.locale ? { locale: attempt.locale } : {}),
      }
    : {};
  const confirmed = await tx.user.update({
    where: { id: userId },
    // The session version moves on, so nothing started before the proof survives it.
    data: { ...credentials, emailVerified: new Date(), sessionVersion: { increment: 1 } },
  });
  await voidPendingSignups(tx, userId);
  // A password sign-up's link proves the address for that sign-up; a provider connected before (by a
  // provider that did not vouch for the address) was chosen by someone who never proved it.
  if (attempt) await dropUnprovenConnections(tx, userId, meta);
  return confirmed;
}

/**
 * Disconnects every sign-in provider of a not-yet-confirmed account whose address is being proven by a
 * password sign-up's link or a reset link. Without this, someone could sign in with a provider that does not
 * vouch for a victim's address, leave the unconfirmed account behind, and sign in to it once the victim
 * signs up with a password and confirms.
 */
export async function dropUnprovenConnections(tx: Tx, userId: string, meta: RequestMeta) {
  const connected = await tx.account.findMany({ where: { userId }, select: { provider: true } });
  if (connected.length === 0) return;
  await tx.account.deleteMany({ where: { userId } });
  for (const { provider } of connected) {
    const detail = `${provider}, connected before the address was proven`;
    await recordEvent(tx, { type: "provider_disconnected", userId, detail }, meta);
  }
}

/** Voids every sign-up attempt of an account and every link it holds (after the address was proven). */
export async function voidPendingSignups(tx: Tx, userId: string) {
  await voidTokens(tx, userId);
  await tx.signupAttempt.deleteMany({ where: { userId } });
}

/** What the /confirm page shows about a link: its state and, while valid, which sign-up it confirms. */
export async function peekConfirmation(rawToken: string | null | undefined) {
  const { state, newestSentAt, userId } = await peekToken(rawToken, "confirm_email");
  if (state !== "valid") return { state, signUp: null, newestSentAt, userId };
  const token = await db.token.findUnique({
    where: { hash: hashToken(rawToken!) },
    include: { attempt: true, user: true },
  });
  const signUp = token?.attempt
    ? { username: token.attempt.username, signedUpAt: token.attempt.createdAt }
    : token
      ? { username: token.user.username, signedUpAt: token.user.createdAt }
      : null;
  return { state, signUp, newestSentAt, userId };
}

/**
 * Sends a fresh confirmation link to an unconfirmed account (named by username or email; `attemptUsername`
 * picks that sign-up attempt of the address), at most 3 per
 * address per hour, counted against the client's email requests. Returns at once and the same way whatever
 * the account's state; the work runs in the background so the response time does not tell either.
 */
export async function resendConfirmation(
  login: string,
  meta: RequestMeta,
  attemptUsername?: string,
): Promise<Failure<"throttled"> | null> {
  const throttled = await limitPerIp(meta, "email-requests");
  if (throttled) return throttled;
  inBackground("resend confirmation", () => sendFreshConfirmation(login, meta, attemptUsername));
  return null;
}

async function sendFreshConfirmation(login: string, meta: RequestMeta, attemptUsername?: string) {
  const user = await findUserByLogin(login);
  if (!user || user.emailVerified) return;
  if (!(await emailQuota(user.email))) return;
  // A username names its own attempt; an email names the newest.
  const username = attemptUsername ?? (login.includes("@") ? undefined : loginKey(login));
  await signupTransaction(async (tx) => {
    if (!(await queueConfirmation(tx, user, username))) return;
    await recordEvent(tx, { type: "confirmation_resent", userId: user.id }, meta);
  });
  wakeOutbox();
}

/** "Send me a new link" from an expired or used confirmation link: the old token names the attempt. */
export async function resendConfirmationForToken(
  rawToken: string,
  meta: RequestMeta,
): Promise<Failure<"throttled"> | null> {
  const throttled = await limitPerIp(meta, "email-requests");
  if (throttled) return throttled;
  inBackground("resend confirmation for a link", async () => {
    const token = await db.token.findUnique({
      where: { hash: hashToken(rawToken) },
      include: { user: true, attempt: true },
    });
    if (token?.purpose === "confirm_email")
      await sendFreshConfirmation(token.user.email, meta, token.attempt?.username);
  });
  return null;
}
