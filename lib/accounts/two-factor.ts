import "server-only";
import crypto from "node:crypto";
import { recordEvent } from "@/lib/accounts/audit";
import { deviceText } from "@/emails/i18n";
import type { SecurityNoticeKind } from "@/emails/security-notice";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import type { RequestMeta } from "@/lib/http/request";
import { db, type Tx } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { emailLocale, type SignedInUser } from "@/lib/accounts/users";
import { clearLoginFailures, countLoginAttempt, loginKey } from "@/lib/security/login-throttle";
import { verifyCurrentPassword } from "@/lib/accounts/sign-in";
import { openSecret, sealSecret } from "@/lib/security/secret-box";
import { hashToken } from "@/lib/security/tokens";
import {
  hashRecoveryCode,
  matchTotpStep,
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  totpUri,
} from "@/lib/security/totp";
import type { Failure } from "@/lib/shared/result";

// Two-factor sign-in with an authenticator app (TOTP) and recovery codes, for the website and the API alike.
//
// A password accepted for an account with two-factor on starts no session: it leaves a sign-in challenge
// (single use, 5 minutes, bound to the session version the password was checked at) whose token the client
// brings back with a code. Every code attempt, right or wrong, is counted on the same per-account counter as
// passwords, before the code is looked at; only a completed sign-in clears it.

const CHALLENGE_SECONDS = 5 * 60;
export const REMEMBER_BROWSER_SECONDS = 30 * 24 * 3600;
/** Security settings ask for the password again when the session's last password check is older than this. */
export const REAUTHENTICATE_AFTER_SECONDS = 10 * 60;
export const RECOVERY_CODE_COUNT = 10;

type TwoFactorUser = {
  id: string;
  username: string;
  email: string;
  sessionVersion: number;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  locale: string | null;
  deletionDueAt: Date | null;
};

const userColumns = {
  id: true,
  username: true,
  email: true,
  emailVerified: true,
  roles: true,
  sessionVersion: true,
  totpSecret: true,
  totpEnabledAt: true,
  locale: true,
  deletionDueAt: true,
} as const;

// ---- Notices -------------------------------------------------------------------------------------------

/** Queues a security notice to the account's own address, in the caller's transaction. */
export async function queueSecurityNotice(
  tx: Tx,
  user: { username: string; email: string; locale: string | null },
  kind: SecurityNoticeKind,
  meta: RequestMeta,
  extra: { recoveryCodesLeft?: number; passkeyName?: string; byOperator?: boolean } = {},
) {
  await enqueueEmail(tx, user.email, "security-notice", {
    appName: env.APP_NAME,
    username: user.username,
    kind,
    when: new Date(),
    locale: emailLocale(user, meta),
    device: deviceText(emailLocale(user, meta), meta.userAgent),
    securityLink: `${env.APP_URL}/account/security`,
    ...extra,
  });
}

// ---- Status --------------------------------------------------------------------------------------------

export type TwoFactorStatus = {
  enabled: boolean;
  enabledAt: Date | null;
  /** An enrolment started and waiting for its first code. */
  pending: boolean;
  recoveryCodesLeft: number;
};

export async function twoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const [user, recoveryCodesLeft] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true, totpEnabledAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return {
    enabled: user.totpEnabledAt !== null,
    enabledAt: user.totpEnabledAt,
    pending: user.totpEnabledAt === null && user.totpSecret !== null,
    recoveryCodesLeft,
  };
}

// ---- Enrolment -----------------------------------------------------------------------------------------

export type Enrolment = { ok: true; secret: string; otpauthUrl: string };

/** Starts (or restarts) setting up an authenticator app: a new key, not in force until its first code. */
export async function startTotpEnrolment(userId: string): Promise<Enrolment | Failure<"already_on">> {
  const secret = newTotpSecret();
  const updated = await db.user.updateMany({
    where: { id: userId, totpEnabledAt: null },
    data: { totpSecret: sealSecret(secret, userId), totpLastStep: null },
  });
  if (updated.count !== 1) return { ok: false, error: "already_on" };
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  return { ok: true, secret, otpauthUrl: totpUri(secret, user.email, env.APP_NAME) };
}

/** The enrolment waiting for its first code, to show again (QR code and key) until it is confirmed. */
export async function pendingEnrolment(userId: string): Promise<Enrolment | null> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, totpSecret: true, totpEnabledAt: true },
  });
  if (user.totpEnabledAt || !user.totpSecret) return null;
  const secret = openSecret(user.totpSecret, userId);
  return secret ? { ok: true, secret, otpauthUrl: totpUri(secret, user.email, env.APP_NAME) } : null;
}

export type RecoveryCodes = { ok: true; recoveryCodes: string[] };

/** The first right code turns two-factor on and yields the recovery codes, shown this once. */
export async function confirmTotpEnrolment(
  userId: string,
  code: string,
  meta: RequestMeta,
): Promise<RecoveryCodes | Failure<"no_enrolment" | "wrong_code" | "throttled">> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: userColumns });
  if (user.totpEnabledAt || !user.totpSecret) return { ok: false, error: "no_enrolment" };
  const attempt = await countLoginAttempt(loginKey(user.username));
  if (!attempt.allowed) return { ok: false, error: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  const secret = openSecret(user.totpSecret, userId);
  const step = secret ? matchTotpStep(secret, code.replace(/\s/g, "")) : null;
  if (step === null) {
    await recordEvent(db, { type: "two_factor_failed", userId, outcome: "failure", detail: "enrolment" }, meta);
    return { ok: false, error: "wrong_code" };
  }
  const recoveryCodes = await db.$transaction(async (tx) => {
    // Conditional on the very key the code was checked against: a parallel restart of the enrolment wins.
    const enabled = await tx.user.updateMany({
      where: { id: userId, totpEnabledAt: null, totpSecret: user.totpSecret },
      data: { totpEnabledAt: new Date(), totpLastStep: step },
    });
    if (enabled.count !== 1) return null;
    const codes = await replaceRecoveryCodes(tx, userId);
    await recordEvent(tx, { type: "two_factor_enabled", userId }, meta);
    await queueSecurityNotice(tx, user, "two_factor_on", meta);
    return codes;
  });
  if (!recoveryCodes) return { ok: false, error: "no_enrolment" };
  await clearLoginFailures([user.username, user.email]);
  wakeOutbox();
  return { ok: true, recoveryCodes };
}

async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes(RECOVERY_CODE_COUNT);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ userId, hash: hashRecoveryCode(userId, normalizeRecoveryCode(code)!) })),
  });
  return codes;
}

/** Ten new recovery codes; every older one stops working. */
export async function regenerateRecoveryCodes(
  userId: string,
  meta: RequestMeta,
): Promise<RecoveryCodes | Failure<"not_on">> {
  const codes = await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } });
    if (!user.totpEnabledAt) return null;
    const fresh = await replaceRecoveryCodes(tx, userId);
    await recordEvent(tx, { type: "recovery_codes_regenerated", userId }, meta);
    return fresh;
  });
  return codes ? { ok: true, recoveryCodes: codes } : { ok: false, error: "not_on" };
}

// ---- Checking a code -----------------------------------------------------------------------------------

export type CodeCheck =
  { ok: true; method: "totp" | "recovery_code"; recoveryCodesLeft?: number } | Failure<"wrong_code" | "throttled">;

/**
 * Checks a code from the authenticator app or a recovery code, on the account's sign-in counter. A TOTP
 * code is accepted only for a step later than the last accepted one, and a recovery code only while unused,
 * each by one conditional UPDATE: of parallel uses of one code exactly one wins.
 */
async function checkCode(user: TwoFactorUser, code: string, meta: RequestMeta): Promise<CodeCheck> {
  const attempt = await countLoginAttempt(loginKey(user.username));
  if (!attempt.allowed) {
    await recordEvent(db, { type: "login_throttled", userId: user.id, outcome: "failure" }, meta);
    return { ok: false, error: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  const typed = code.trim();
  if (/^\d{3}\s?\d{3}$/.test(typed)) {
    const secret = user.totpSecret ? openSecret(user.totpSecret, user.id) : null;
    const step = secret ? matchTotpStep(secret, typed.replace(/\s/g, "")) : null;
    if (step !== null) {
      const claimed = await db.$executeRaw`
        UPDATE "User" SET "totpLastStep" = ${step}
        WHERE id = ${user.id}::uuid AND "totpEnabledAt" IS NOT NULL AND ("totpLastStep" IS NULL OR "totpLastStep" < ${step})`;
      if (claimed === 1) return { ok: true, method: "totp" };
    }
  } else {
    const normalized = normalizeRecoveryCode(typed);
    if (normalized) {
      const used = await redeemRecoveryCode(user, normalized, meta);
      if (used !== null) return { ok: true, method: "recovery_code", recoveryCodesLeft: used };
    }
  }
  await recordEvent(db, { type: "two_factor_failed", userId: user.id, outcome: "failure" }, meta);
  return { ok: false, error: "wrong_code" };
}

/** Checks a code (authenticator app or recovery code) of a signed-in user, as a step-up before a grave change. */
export async function verifySecondFactor(userId: string, code: string, meta: RequestMeta): Promise<CodeCheck> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: userColumns });
  if (!user.totpEnabledAt) return { ok: false, error: "wrong_code" };
  const check = await checkCode(user, code, meta);
  if (check.ok) await clearLoginFailures([user.username, user.email]);
  return check;
}

/** Marks the code used and sends the notice; returns how many codes are left, or null if it was not a live code. */
export async function redeemRecoveryCode(
  user: TwoFactorUser,
  normalized: string,
  meta: RequestMeta,
): Promise<number | null> {
  // One statement decides the race; only its winner opens a transaction for the log and the notice.
  const used = await db.recoveryCode.updateMany({
    where: { userId: user.id, hash: hashRecoveryCode(user.id, normalized), usedAt: null },
    data: { usedAt: new Date() },
  });
  if (used.count !== 1) return null;
  const left = await db.$transaction(async (tx) => {
    const remaining = await tx.recoveryCode.count({ where: { userId: user.id, usedAt: null } });
    await recordEvent(tx, { type: "recovery_code_used", userId: user.id, detail: `${remaining} left` }, meta);
    await queueSecurityNotice(tx, user, "recovery_code_used", meta, { recoveryCodesLeft: remaining });
    return remaining;
  });
  wakeOutbox();
  return left;
}

// ---- The second step of a sign-in ----------------------------------------------------------------------

/** Called by the password check for an account with two-factor on: the token the client brings back. */
export async function startSecondStep(
  user: { id: string; sessionVersion: number },
  kind: "web" | "api",
  meta: RequestMeta,
): Promise<string> {
  const raw = crypto.randomBytes(32).toString("base64url");
  await db.$transaction(async (tx) => {
    await tx.signInChallenge.create({
      data: {
        hash: hashToken(raw),
        userId: user.id,
        kind,
        sessionVersion: user.sessionVersion,
        expiresAt: new Date(Date.now() + CHALLENGE_SECONDS * 1000),
      },
    });
    await recordEvent(tx, { type: "login_second_step", userId: user.id }, meta);
  });
  return raw;
}

async function liveChallenge(raw: string | null | undefined, kind: "web" | "api") {
  if (typeof raw !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(raw)) return null;
  const challenge = await db.signInChallenge.findUnique({
    where: { hash: hashToken(raw) },
    include: { user: { select: userColumns } },
  });
  if (!challenge || challenge.kind !== kind || challenge.usedAt || challenge.expiresAt <= new Date()) return null;
  // A password change or sign-out-everywhere since the password check voids it, and so does turning two-factor off.
  if (challenge.user.sessionVersion !== challenge.sessionVersion || !challenge.user.totpEnabledAt) return null;
  return challenge;
}

/** Whether a second-step token can still be completed (the page shows the code form, or starts over). */
export async function secondStepIsLive(raw: string | null | undefined): Promise<boolean> {
  return (await liveChallenge(raw, "web")) !== null;
}

export type SecondStepResult =
  | {
      ok: true;
      /** At the session version the password was checked at: what a session for this sign-in is made with. */
      user: SignedInUser;
      rememberedBrowserId?: string;
    }
  | Failure<"invalid_challenge" | "wrong_code" | "throttled">;

/**
 * Completes a sign-in with a code: the challenge is consumed (once) and the sign-in recorded; the caller then
 * starts a session of the challenge's kind for `user`. With `rememberBrowser`, the browser is remembered too
 * (its id goes into a signed cookie).
 */
export async function completeSecondStep(
  raw: string | null | undefined,
  code: string,
  kind: "web" | "api",
  meta: RequestMeta,
  { rememberBrowser = false }: { rememberBrowser?: boolean } = {},
): Promise<SecondStepResult> {
  const challenge = await liveChallenge(raw, kind);
  if (!challenge) return { ok: false, error: "invalid_challenge" };
  const { user } = challenge;
  const check = await checkCode(user, code, meta);
  if (!check.ok) return check;
  const started = await db.$transaction(async (tx) => {
    const consumed = await tx.signInChallenge.updateMany({
      where: { id: challenge.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (consumed.count !== 1) return null;
    await recordEvent(tx, { type: "login", userId: user.id, detail: `two-factor: ${check.method}` }, meta);
    const rememberedBrowserId = rememberBrowser
      ? await rememberThisBrowser(tx, user, challenge.sessionVersion, meta)
      : undefined;
    return { rememberedBrowserId };
  });
  if (!started) return { ok: false, error: "invalid_challenge" };
  await clearLoginFailures([user.username, user.email]);
  if (started.rememberedBrowserId) wakeOutbox();
  const { id, username, email, roles, locale, deletionDueAt } = user;
  const signedIn = { id, username, email, roles, locale, deletionDueAt, sessionVersion: challenge.sessionVersion };
  return { ok: true, user: signedIn, ...started };
}

// ---- Remembered browsers -------------------------------------------------------------------------------

async function rememberThisBrowser(
  tx: Tx,
  user: { id: string; username: string; email: string; locale: string | null },
  sessionVersion: number,
  meta: RequestMeta,
): Promise<string> {
  const { id } = await tx.rememberedBrowser.create({
    data: {
      userId: user.id,
      sessionVersion,
      ip: meta.ip,
      userAgent: meta.userAgent,
      expiresAt: new Date(Date.now() + REMEMBER_BROWSER_SECONDS * 1000),
    },
  });
  await recordEvent(tx, { type: "browser_remembered", userId: user.id }, meta);
  await queueSecurityNotice(tx, user, "browser_remembered", meta);
  return id;
}

/**
 * Whether the browser with this remembered id may skip the second step for this user. The memory dies with
 * the session version it was made at, so sign-out-everywhere and a password change forget every browser.
 */
export async function isRememberedBrowser(
  browserId: string | null | undefined,
  user: { id: string; sessionVersion: number },
): Promise<boolean> {
  if (!browserId || !/^[0-9a-f-]{36}$/.test(browserId)) return false;
  const touched = await db.rememberedBrowser.updateMany({
    where: {
      id: browserId,
      userId: user.id,
      sessionVersion: user.sessionVersion,
      revokedAt: null,
      expiresAt: { gt: new Date() },
    },
    data: { lastUsedAt: new Date() },
  });
  return touched.count === 1;
}

export async function listRememberedBrowsers(userId: string) {
  const { sessionVersion } = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  return db.rememberedBrowser.findMany({
    where: { userId, sessionVersion, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastUsedAt: true, expiresAt: true },
    orderBy: { createdAt: "desc" },
  });
}

export async function forgetBrowser(userId: string, browserId: string, meta: RequestMeta): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/.test(browserId)) return false;
  const forgotten = await db.rememberedBrowser.updateMany({
    where: { id: browserId, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (forgotten.count === 1) await recordEvent(db, { type: "browser_forgotten", userId }, meta);
  return forgotten.count === 1;
}

// ---- Turning it off ------------------------------------------------------------------------------------

/** Off by the user: the password and a code (from the app, or a recovery code) are both needed. */
export async function disableTwoFactor(
  userId: string,
  password: string,
  code: string,
  meta: RequestMeta,
): Promise<{ ok: true } | Failure<"not_on" | "wrong_password" | "wrong_code" | "throttled">> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { ...userColumns, passwordHash: true },
  });
  if (!user.totpEnabledAt) return { ok: false, error: "not_on" };
  const passwordCheck = await verifyCurrentPassword(user, password, "password", meta);
  if (!passwordCheck.ok) return passwordCheck;
  const check = await checkCode(user, code, meta);
  if (!check.ok) return check;
  await turnOff(user, meta);
  await clearLoginFailures([user.username, user.email]);
  return { ok: true };
}

/** Off by an operator, for someone who lost every factor: audited with who did it, and the user is told. */
export async function disableTwoFactorByOperator(userId: string, by: string, meta: RequestMeta): Promise<boolean> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: userColumns });
  if (!user.totpEnabledAt) return false;
  await turnOff(user, meta, by);
  return true;
}

async function turnOff(user: TwoFactorUser, meta: RequestMeta, by?: string) {
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
    });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.rememberedBrowser.updateMany({
      where: { userId: user.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await recordEvent(tx, { type: "two_factor_disabled", userId: user.id, detail: by ? `by ${by}` : undefined }, meta);
    await queueSecurityNotice(tx, user, "two_factor_off", meta, { byOperator: Boolean(by) });
  });
  wakeOutbox();
}

// ---- Re-authentication ---------------------------------------------------------------------------------

/** Whether the session's last password check (its sign-in, or a re-authentication) is recent enough. */
export async function isRecentlyAuthenticated(sessionId: string): Promise<boolean> {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: { createdAt: true, reauthenticatedAt: true },
  });
  if (!session) return false;
  const last = Math.max(session.createdAt.getTime(), session.reauthenticatedAt?.getTime() ?? 0);
  return Date.now() - last < REAUTHENTICATE_AFTER_SECONDS * 1000;
}

/** Asks the password again (on the sign-in counter) and marks the session as freshly authenticated. */
export async function reauthenticate(
  sessionId: string,
  userId: string,
  password: string,
  meta: RequestMeta,
): Promise<{ ok: true } | Failure<"wrong_password" | "throttled">> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { username: true, email: true, passwordHash: true, locale: true },
  });
  const check = await verifyCurrentPassword({ id: userId, ...user }, password, "password", meta);
  if (!check.ok) return check;
  await db.$transaction(async (tx) => {
    await tx.session.update({ where: { id: sessionId }, data: { reauthenticatedAt: new Date() } });
    await recordEvent(tx, { type: "reauthenticated", userId }, meta);
  });
  await clearLoginFailures([user.username, user.email]);
  return { ok: true };
}
