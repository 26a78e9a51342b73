import "server-only";
import { eventInsert, recordEvent } from "@/lib/audit";
import { inBackground } from "@/lib/background";
import { countLoginAttempt, failuresDelete, LOGIN_THROTTLE, loginKey } from "@/lib/login-throttle";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { formatDuration, withToken } from "@/lib/format";
import { enqueueEmail, wakeOutbox } from "@/lib/mail";
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from "@/lib/password";
import { checkPasswordStrength } from "@/lib/password-policy";
import { hit, LIMITS } from "@/lib/rate-limit";
import type { RequestMeta } from "@/lib/request";
import { createSession, sessionInsert } from "@/lib/sessions";
import { consumeToken, hashToken, issueToken } from "@/lib/tokens";
import { accountSchema, fieldErrors, newPasswordSchema, type AccountInput } from "@/lib/validation";

// Accounts: sign-up, email confirmation, password sign-in. The website's server actions, Auth.js and the
// JSON API all call these, so each rule lives here once.

type FieldErrors = Record<string, string[]>;
export type Failure<E extends string> = { ok: false; error: E; fieldErrors?: FieldErrors; retryAfterSeconds?: number };

function isUniqueViolation(error: unknown): boolean {
  // Through driver adapters P2002 arrives without meta.target, so only the code is reliable.
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** The policy errors for a new password (length window, then strength), or null when it is acceptable. */
export function passwordPolicyErrors(
  password: string,
  context: { username?: string; email?: string },
): FieldErrors | null {
  const length = newPasswordSchema(env.PASSWORD_MIN_LENGTH).safeParse(password);
  if (!length.success) return { password: length.error.issues.map((issue) => issue.message) };
  const verdict = checkPasswordStrength(password, { ...context, appName: env.APP_NAME });
  return verdict.ok ? null : { password: [verdict.reason!] };
}

// ---- Sign-up -------------------------------------------------------------------------------------------

export type RegisterResult = { ok: true; email: string } | Failure<"invalid" | "username_taken" | "throttled">;

/**
 * Registers an account, answering the same whether or not the email is already registered (the owner of a
 * registered address gets a notice instead, or a fresh confirmation if the account is unconfirmed).
 */
export async function registerUser(input: AccountInput, meta: RequestMeta): Promise<RegisterResult> {
  // Callers validate for their own messages; this re-check keeps the invariants (normalised email,
  // lower-case username, length window) whoever calls.
  const parsed = accountSchema(env.PASSWORD_MIN_LENGTH).safeParse(input);
  if (!parsed.success) return { ok: false, error: "invalid", fieldErrors: fieldErrors(parsed.error) as FieldErrors };
  const { username, email, password } = parsed.data;
  // The limit comes before any expensive work, so a flood costs little.
  if (meta.ip) {
    const limit = await hit(`signup:ip:${meta.ip}`, LIMITS.signupsPerIp);
    if (!limit.allowed) return { ok: false, error: "throttled", retryAfterSeconds: limit.retryAfterSeconds };
  }
  // The hash (on its own thread) runs while the policy is checked here, and it is awaited whatever happens
  // next, so every path takes the time of one hash.
  const hashing = hashPassword(password);
  const policy = passwordPolicyErrors(password, { username, email });
  // Who holds this username or this email already, looked up while the hash finishes.
  const holders = policy ? [] : await db.user.findMany({ where: { OR: [{ username }, { email }] } });
  const passwordHash = await hashing;
  if (policy) return { ok: false, error: "invalid", fieldErrors: policy };
  const usernameTaken: RegisterResult = {
    ok: false,
    error: "username_taken",
    fieldErrors: { username: ["That username is taken. Try another."] },
  };
  // The same username with the same email is a resubmission (a double click), not a clash.
  const owner = holders.find((holder) => holder.username === username);
  if (owner && owner.email !== email) return usernameTaken;

  try {
    const existing = holders.find((holder) => holder.email === email);
    if (existing) {
      await notifyExistingAccount(existing, meta);
    } else {
      await db.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { username, email, passwordHash } });
        await queueConfirmation(tx, user);
        await recordEvent(tx, { type: "signup", userId: user.id }, meta);
      });
    }
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A parallel sign-up won the race for this username or this email.
    const winner = await db.user.findUnique({ where: { email } });
    if (!winner || winner.username !== username) {
      if (await db.user.findUnique({ where: { username }, select: { id: true } })) return usernameTaken;
    }
    if (winner) await notifyExistingAccount(winner, meta);
  }
  wakeOutbox();
  return { ok: true, email };
}

export type UserRow = { id: string; username: string; email: string; emailVerified: Date | null; roles: string[] };

async function notifyExistingAccount(user: UserRow, meta: RequestMeta) {
  if (!(await hit(`email:${user.email}`, LIMITS.emailsPerAddress)).allowed) return;
  await db.$transaction(async (tx) => {
    if (user.emailVerified) {
      await enqueueEmail(tx, user.email, "already-registered", {
        appName: env.APP_NAME,
        username: user.username,
        loginLink: `${env.APP_URL}/login`,
        resetLink: `${env.APP_URL}/forgot-password`,
      });
    } else {
      await queueConfirmation(tx, user);
    }
    await recordEvent(tx, { type: "signup_existing_email", userId: user.id }, meta);
  });
}

export async function queueConfirmation(tx: Tx, user: UserRow) {
  const token = await issueToken(tx, user.id, "confirm_email", env.CONFIRM_TOKEN_TTL);
  await enqueueEmail(tx, user.email, "confirm-email", {
    appName: env.APP_NAME,
    username: user.username,
    link: withToken(env.CONFIRMATION_URL, token),
    expiresIn: formatDuration(env.CONFIRM_TOKEN_TTL),
  });
}

// ---- Confirmation --------------------------------------------------------------------------------------

export type ConfirmResult = { ok: true; user: UserRow; sessionId: string } | Failure<"invalid_token" | "throttled">;

/** Counts a token submission from this client (SPEC §3: 20 per hour per IP), to slow down token guessing. */
export async function tokenSubmissionLimit(meta: RequestMeta): Promise<Failure<"throttled"> | null> {
  if (!meta.ip) return null;
  const limit = await hit(`token:ip:${meta.ip}`, LIMITS.tokenSubmissionsPerIp);
  return limit.allowed ? null : { ok: false, error: "throttled", retryAfterSeconds: limit.retryAfterSeconds };
}

/** Consumes a confirmation token, activates the account and starts a session of `kind`. */
export async function confirmEmail(rawToken: string, kind: "web" | "api", meta: RequestMeta): Promise<ConfirmResult> {
  const throttled = await tokenSubmissionLimit(meta);
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

/** The user a sign-in name points at: an email when it holds "@", else a username. */
export function findUserByLogin(login: string) {
  const identifier = loginKey(login);
  return db.user.findUnique({ where: identifier.includes("@") ? { email: identifier } : { username: identifier } });
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

// ---- Sign-in -------------------------------------------------------------------------------------------

export type SignInResult =
  { ok: true; user: UserRow; sessionId: string } | Failure<"invalid_credentials" | "unconfirmed" | "throttled">;

/** Checks a username-or-email and password and starts a session of `kind`. */
export async function signInWithPassword(
  login: string,
  password: string,
  kind: "web" | "api",
  meta: RequestMeta,
): Promise<SignInResult> {
  if (meta.ip) {
    const limit = await hit(`login:ip:${meta.ip}`, LIMITS.loginsPerIp);
    if (!limit.allowed) return { ok: false, error: "throttled", retryAfterSeconds: limit.retryAfterSeconds };
  }
  const attempt = await countLoginAttempt(loginKey(login));
  const user = await findUserByLogin(login);
  if (!attempt.allowed) {
    if (attempt.lockStarted && user) await notifyLock(user, meta);
    return { ok: false, error: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  const verified = user ? await verifyPassword(user.passwordHash, password) : await verifyDummyPassword(password);
  if (!user || !verified) {
    const detail = user ? undefined : "unknown user";
    await recordEvent(db, { type: "login_failed", userId: user?.id, outcome: "failure", detail }, meta);
    if (attempt.lockStarted && user) await notifyLock(user, meta);
    return { ok: false, error: "invalid_credentials" };
  }
  if (!user.emailVerified) {
    await recordEvent(db, { type: "login_unconfirmed", userId: user.id, outcome: "failure" }, meta);
    return { ok: false, error: "unconfirmed" };
  }
  if (needsRehash(user.passwordHash)) {
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  // A success forgets the name's failures, starts the session and records the sign-in in one statement:
  // on this hot path each round trip cost more than its write (bench/README.md).
  const session = sessionInsert(user, kind, meta);
  await db.$executeRaw`
    WITH forgotten AS (${failuresDelete([user.username, user.email])}), started AS (${session.insert})
    ${eventInsert({ type: "login", userId: user.id }, meta)}`;
  return { ok: true, user, sessionId: session.id };
}

async function notifyLock(user: UserRow, meta: RequestMeta) {
  await db.$transaction(async (tx) => {
    await enqueueEmail(tx, user.email, "sign-in-locked", {
      appName: env.APP_NAME,
      username: user.username,
      minutes: LOGIN_THROTTLE.lockSeconds / 60,
      resetLink: `${env.APP_URL}/forgot-password?email=${encodeURIComponent(user.email)}`,
    });
    await recordEvent(tx, { type: "login_locked", userId: user.id, outcome: "failure" }, meta);
  });
  wakeOutbox();
}
