import { describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import {
  completeSecondStep,
  confirmTotpEnrolment,
  disableTwoFactor,
  isRecentlyAuthenticated,
  reauthenticate,
  redeemRecoveryCode,
  regenerateRecoveryCodes,
  startTotpEnrolment,
} from "@/lib/accounts/two-factor";
import { disableTwoFactorFor } from "@/lib/accounts/operator";
import { requestPasswordReset, resetPassword, changePassword } from "@/lib/accounts/passwords";
import { confirmEmailChange, requestEmailChange, revertEmailChange } from "@/lib/accounts/email-change";
import { env } from "@/lib/platform/env";
import { linkIn } from "../support/mailbox";
import { signOutEverywhere } from "@/lib/accounts/sign-out";
import { signInForApi, signInWithSecondFactorForApi } from "@/lib/accounts/api-sessions";
import { openSecret } from "@/lib/security/secret-box";
import { matchTotpStep, normalizeRecoveryCode, totpCode, totpStep } from "@/lib/security/totp";
import { deliverAll, mailbox, metaFactory, PASSWORD, startedSession, uniqueName } from "./accounts-support";
import { confirmedUser, NEW_PASSWORD, NO_IP, resetToken, WRONG_PASSWORD } from "./password-support";

const meta = metaFactory(import.meta.url);
const NOTICE = (heading: RegExp) => new RegExp(`^Accounts: ${heading.source}`);

// RFC 6238 appendix B: the 20-byte ASCII key "12345678901234567890" (base32 below) with HMAC-SHA1. The RFC
// lists 8-digit codes; a 6-digit code is the same truncated number modulo 10^6, i.e. its last six digits.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_VECTORS: [seconds: number, eightDigits: string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

/** An account with two-factor on: its authenticator key and recovery codes. */
async function twoFactorUser(label: string) {
  const user = await confirmedUser(label, meta);
  const enrolment = await startTotpEnrolment(user.id);
  if (!enrolment.ok) throw new Error("enrolment refused");
  // The code of the previous step, so that the current step's code is still unused for the tests.
  const confirmed = await confirmTotpEnrolment(user.id, totpCode(enrolment.secret, Date.now() - 30_000), meta());
  if (!confirmed.ok) throw new Error(`confirmation refused: ${confirmed.error}`);
  return { ...user, secret: enrolment.secret, recoveryCodes: confirmed.recoveryCodes };
}

async function secondStepToken(login: string, kind: "web" | "api" = "web", browserId?: string) {
  const result = await signInWithPassword(login, PASSWORD, kind, NO_IP, { rememberedBrowserId: browserId });
  if (result.ok || result.error !== "second_step")
    throw new Error(`expected a second step, got ${JSON.stringify(result)}`);
  return result.secondStepToken;
}

const liveSessions = (userId: string) => db.session.count({ where: { userId, revokedAt: null } });

describe("TOTP codes (RFC 6238)", () => {
  it.each(RFC_VECTORS)("gives the RFC's code at %i s", (seconds, eightDigits) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(eightDigits.slice(2));
    expect(matchTotpStep(RFC_SECRET, eightDigits.slice(2), seconds * 1000)).toBe(Math.floor(seconds / 30));
  });

  it("accepts the codes of one step before and after, and refuses two steps away", () => {
    const now = Date.now();
    const step = totpStep(now);
    expect(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now)).toBe(step - 1);
    expect(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), now)).toBe(step + 1);
    expect(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 60_000), now)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, now + 60_000), now)).toBeNull();
  });
});

describe("turning two-factor on", () => {
  it("stores the key encrypted and the recovery codes hashed, and emails a notice", async () => {
    const user = await twoFactorUser("enrol");
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.totpEnabledAt).toEqual(expect.any(Date));
    expect(row.totpSecret).not.toContain(user.secret);
    expect(openSecret(row.totpSecret!, user.id)).toBe(user.secret);
    // Bound to its row: the same ciphertext does not open for another account.
    expect(openSecret(row.totpSecret!, crypto.randomUUID())).toBeNull();

    expect(user.recoveryCodes).toHaveLength(10);
    expect(new Set(user.recoveryCodes).size).toBe(10);
    for (const code of user.recoveryCodes) expect(normalizeRecoveryCode(code)).toHaveLength(12); // 12 × log2(31) ≈ 59 bits
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    const everything = JSON.stringify(stored);
    for (const code of user.recoveryCodes) expect(everything).not.toContain(normalizeRecoveryCode(code));

    await deliverAll();
    await mailbox(user.email).waitFor(NOTICE(/two-factor sign-in is on/));
  });

  it("refuses a wrong first code and a second enrolment once on", async () => {
    const user = await confirmedUser("enrolwrong", meta);
    const enrolment = await startTotpEnrolment(user.id);
    expect(enrolment.ok).toBe(true);
    expect(await confirmTotpEnrolment(user.id, "000000", meta())).toMatchObject({ ok: false, error: "wrong_code" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).toBeNull();
    const on = await twoFactorUser("enroltwice");
    expect(await startTotpEnrolment(on.id)).toEqual({ ok: false, error: "already_on" });
  });
});

describe("signing in with two-factor on", () => {
  it("starts no session after the password, and answers the user a session is started for after the code", async () => {
    const user = await twoFactorUser("twostep");
    const before = await liveSessions(user.id);
    const token = await secondStepToken(user.username);
    expect(await liveSessions(user.id)).toBe(before);

    const done = await completeSecondStep(token, totpCode(user.secret), "web", meta());
    const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(done).toMatchObject({ ok: true, user: { id: user.id, sessionVersion } });
    // The code starts nothing itself; a session the caller starts for the answered user is live.
    expect(await liveSessions(user.id)).toBe(before);
    await startedSession(done);
    expect(await liveSessions(user.id)).toBe(before + 1);
    // The second-step token is single use.
    const again = await completeSecondStep(token, totpCode(user.secret, Date.now() + 30_000), "web", meta());
    expect(again).toEqual({ ok: false, error: "invalid_challenge" });
  });

  it("refuses a code the second time", async () => {
    const user = await twoFactorUser("replay");
    const code = totpCode(user.secret);
    expect((await completeSecondStep(await secondStepToken(user.username), code, "web", meta())).ok).toBe(true);
    const replay = await completeSecondStep(await secondStepToken(user.username), code, "web", meta());
    expect(replay).toEqual({ ok: false, error: "wrong_code" });
  });

  it("accepts a code one step old and refuses one two steps old", async () => {
    const user = await twoFactorUser("drift");
    const token = await secondStepToken(user.username);
    expect(await completeSecondStep(token, totpCode(user.secret, Date.now() - 60_000), "web", meta())).toEqual({
      ok: false,
      error: "wrong_code",
    });
    expect((await completeSecondStep(token, totpCode(user.secret, Date.now() + 30_000), "web", meta())).ok).toBe(true);
  });

  it("accepts each recovery code once and says how many are left", async () => {
    const user = await twoFactorUser("recovery");
    const [code] = user.recoveryCodes;
    const first = await completeSecondStep(await secondStepToken(user.username), code.toUpperCase(), "web", meta());
    expect(first.ok).toBe(true);
    const second = await completeSecondStep(await secondStepToken(user.username), code, "web", meta());
    expect(second).toEqual({ ok: false, error: "wrong_code" });
    await deliverAll();
    const notice = await mailbox(user.email).waitFor(NOTICE(/a recovery code was used/));
    expect(notice.text).toContain("9 codes are left");
  });

  it("lets exactly one of 20 parallel uses of a recovery code through", async () => {
    const user = await twoFactorUser("parallelrecovery");
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const code = normalizeRecoveryCode(user.recoveryCodes[3])!;
    const results = await Promise.all(Array.from({ length: 20 }, () => redeemRecoveryCode(row, code, meta())));
    expect(results.filter((left) => left !== null)).toEqual([9]);
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
  });

  it("pauses the second step after 5 wrong codes, even for the right one", async () => {
    const user = await twoFactorUser("throttle");
    const token = await secondStepToken(user.username);
    for (let i = 0; i < 5; i++) {
      expect(await completeSecondStep(token, String(100000 + i), "web", meta())).toEqual({
        ok: false,
        error: "wrong_code",
      });
    }
    const paused = await completeSecondStep(token, totpCode(user.secret), "web", meta());
    expect(paused).toMatchObject({ ok: false, error: "throttled", retryAfterSeconds: expect.any(Number) });
    // The password shares the counter: starting over is paused too, and does not wipe the count.
    expect(await signInWithPassword(user.username, PASSWORD, "web", NO_IP)).toMatchObject({ error: "throttled" });
    const row = await db.loginThrottle.findUniqueOrThrow({ where: { key: user.username } });
    expect(row.failures).toBeGreaterThanOrEqual(6);
  });

  it("remembers a browser until sign-out-everywhere", async () => {
    const user = await twoFactorUser("remember");
    const done = await completeSecondStep(await secondStepToken(user.username), totpCode(user.secret), "web", meta(), {
      rememberBrowser: true,
    });
    if (!done.ok || !done.rememberedBrowserId) throw new Error("not remembered");
    const skipped = await signInWithPassword(user.username, PASSWORD, "web", NO_IP, { rememberedBrowserId: done.rememberedBrowserId });
    expect(skipped.ok).toBe(true);
    // Another account cannot use this browser's memory.
    const other = await twoFactorUser("remember2");
    await secondStepToken(other.username, "web", done.rememberedBrowserId);

    await signOutEverywhere(user.id, meta());
    await secondStepToken(user.username, "web", done.rememberedBrowserId);
  });

  it("forgets remembered browsers and voids waiting second steps when the password changes", async () => {
    const user = await twoFactorUser("pwchange");
    const done = await completeSecondStep(await secondStepToken(user.username), totpCode(user.secret), "web", meta(), {
      rememberBrowser: true,
    });
    if (!done.ok) throw new Error("sign-in failed");
    const waiting = await secondStepToken(user.username);
    expect((await changePassword(user.id, PASSWORD, NEW_PASSWORD, meta())).ok).toBe(true);
    const afterChange = await signInWithPassword(user.username, NEW_PASSWORD, "web", NO_IP, { rememberedBrowserId: done.rememberedBrowserId });
    expect(afterChange).toMatchObject({ ok: false, error: "second_step" });
    expect(await completeSecondStep(waiting, totpCode(user.secret, Date.now() + 30_000), "web", meta())).toEqual({
      ok: false,
      error: "invalid_challenge",
    });
  });

  it("keeps two-factor on through a password reset by email, whose sign-in still asks for a code", async () => {
    const user = await twoFactorUser("reset");
    await requestPasswordReset(user.email, meta());
    // The emailed link changes the password but signs in only after the second step.
    const reset = await resetPassword(await resetToken(user.email), NEW_PASSWORD, "web", meta());
    if (reset.ok || reset.error !== "second_step") throw new Error(`expected a second step, got ${JSON.stringify(reset)}`);
    expect((await completeSecondStep(reset.secondStepToken, totpCode(user.secret), "web", meta())).ok).toBe(true);
    expect(await signInWithPassword(user.username, NEW_PASSWORD, "web", NO_IP)).toMatchObject({ error: "second_step" });
  });
});

describe("undoing an email change with two-factor on", () => {
  it("puts the address back but signs in only after the second step", async () => {
    const user = await twoFactorUser("undo");
    const newEmail = `${uniqueName("undonew")}@example.test`;
    const emailToken = (message: object) =>
      new URL(linkIn(message as never, `${env.APP_URL}/email-change`)).searchParams.get("token")!;
    expect(await requestEmailChange(user.id, PASSWORD, newEmail, meta())).toEqual({ ok: true });
    await deliverAll();
    const confirmToken = emailToken(await mailbox(newEmail).waitFor(/^Confirm your new email address/));
    expect(await confirmEmailChange(confirmToken, meta())).toEqual({ ok: true });
    await deliverAll();
    const undoToken = emailToken(await mailbox(user.email).waitFor(/^The email address of your .+ account was changed$/));

    const undone = await revertEmailChange(undoToken, NEW_PASSWORD, meta());
    if (undone.ok || undone.error !== "second_step") throw new Error(`expected a second step, got ${JSON.stringify(undone)}`);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
    expect(await liveSessions(user.id)).toBe(0);
    const done = await completeSecondStep(undone.secondStepToken, totpCode(user.secret), "web", meta());
    expect(done).toMatchObject({ ok: true, user: { id: user.id, email: user.email } });
    await startedSession(done);
    expect(await liveSessions(user.id)).toBe(1);
  });
});

describe("the API's second step", () => {
  it("answers mfa_required, then an access token for the mfa_token and a code", async () => {
    const user = await twoFactorUser("api");
    const first = await signInForApi(user.username, PASSWORD, meta());
    if (first.ok || first.error !== "mfa_required") throw new Error("expected mfa_required");
    // A website second-step token is not an API one, and the reverse.
    expect(await completeSecondStep(first.mfaToken, totpCode(user.secret), "web", meta())).toEqual({
      ok: false,
      error: "invalid_challenge",
    });
    const done = await signInWithSecondFactorForApi(first.mfaToken, totpCode(user.secret), meta());
    expect(done).toMatchObject({ ok: true, accessToken: expect.any(String), user: { username: user.username } });
  });
});

describe("turning two-factor off and re-authentication", () => {
  it("needs the password and a code", async () => {
    const user = await twoFactorUser("off");
    expect(await disableTwoFactor(user.id, WRONG_PASSWORD, totpCode(user.secret), meta())).toMatchObject({
      ok: false,
      error: "wrong_password",
    });
    expect(await disableTwoFactor(user.id, PASSWORD, "123456", meta())).toEqual({ ok: false, error: "wrong_code" });
    expect(await disableTwoFactor(user.id, PASSWORD, user.recoveryCodes[0], meta())).toEqual({ ok: true });
    expect((await signInWithPassword(user.username, PASSWORD, "web", NO_IP)).ok).toBe(true);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    await deliverAll();
    await mailbox(user.email).waitFor(NOTICE(/two-factor sign-in is off/));
  });

  it("can be turned off by an operator, audited and notified", async () => {
    const user = await twoFactorUser("operatoroff");
    const result = await disableTwoFactorFor(user.username, { label: "cli", meta: NO_IP });
    expect(result).toEqual({ ok: true, username: user.username });
    expect(await disableTwoFactorFor(user.username, { label: "cli", meta: NO_IP })).toEqual({
      ok: false,
      error: "not_on",
    });
    const event = await db.auditEvent.findFirst({ where: { userId: user.id, type: "two_factor_disabled" } });
    expect(event?.detail).toBe("by cli");
    await deliverAll();
    const notice = await mailbox(user.email).waitFor(NOTICE(/two-factor sign-in is off/));
    expect(notice.text).toContain("An administrator");
  });

  it("replaces every recovery code when regenerated", async () => {
    const user = await twoFactorUser("regen");
    const fresh = await regenerateRecoveryCodes(user.id, meta());
    if (!fresh.ok) throw new Error("regenerate refused");
    expect(fresh.recoveryCodes.some((code) => user.recoveryCodes.includes(code))).toBe(false);
    const old = await completeSecondStep(await secondStepToken(user.username), user.recoveryCodes[0], "web", meta());
    expect(old).toEqual({ ok: false, error: "wrong_code" });
    const now = await completeSecondStep(await secondStepToken(user.username), fresh.recoveryCodes[0], "web", meta());
    expect(now.ok).toBe(true);
  });

  it("asks for the password again once the session is 10 minutes old", async () => {
    const user = await confirmedUser("reauth", meta);
    const sessionId = await startedSession(await signInWithPassword(user.username, PASSWORD, "web", NO_IP));
    if (!sessionId) throw new Error("sign-in failed");
    const signedIn = { sessionId };
    expect(await isRecentlyAuthenticated(signedIn.sessionId)).toBe(true);
    await db.session.update({
      where: { id: signedIn.sessionId },
      data: { createdAt: new Date(Date.now() - 11 * 60_000) },
    });
    expect(await isRecentlyAuthenticated(signedIn.sessionId)).toBe(false);
    expect(await reauthenticate(signedIn.sessionId, user.id, WRONG_PASSWORD, meta())).toMatchObject({
      ok: false,
      error: "wrong_password",
    });
    expect(await reauthenticate(signedIn.sessionId, user.id, PASSWORD, meta())).toEqual({ ok: true });
    expect(await isRecentlyAuthenticated(signedIn.sessionId)).toBe(true);
  });
});
