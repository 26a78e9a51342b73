import { describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import { LOGIN_THROTTLE, lockLogins, loginKey } from "@/lib/security/login-throttle";
import { requestPasswordReset, resetPassword } from "@/lib/accounts/passwords";
import { LIMITS } from "@/lib/security/rate-limit";
import type { RequestMeta } from "@/lib/http/request";
import { validateSession } from "@/lib/sessions/sessions";
import { signInWithPassword, type SignInResult } from "@/lib/accounts/sign-in";
import { deliverAll, mailbox, metaFactory, PASSWORD, uniqueName } from "./accounts-support";
import {
  confirmedUser,
  LOCKED_SUBJECT,
  messagesLike,
  NEW_PASSWORD,
  NO_IP,
  resetToken,
  startedSession,
  WRONG_PASSWORD,
} from "./password-support";

const meta = metaFactory(import.meta.url);

function throttleRow(login: string) {
  return db.loginThrottle.findUnique({ where: { key: loginKey(login) } });
}

/** Moves the last failure a minute back: the growing delay is over, the streak (15 minutes) is not. */
async function waitOutTheDelay(login: string) {
  await db.loginThrottle.update({
    where: { key: loginKey(login) },
    data: { lastFailureAt: new Date(Date.now() - 60_000) },
  });
}

/** A website sign-in: the password check, then, when right, the session start that completes it. */
async function signIn(login: string, password: string, meta: RequestMeta = NO_IP) {
  const result = await signInWithPassword(login, password, "web", meta);
  return result.ok ? { ...result, sessionId: await startedSession(result) } : result;
}

/** `count` wrong passwords one after another, each after its delay is over. */
async function failSignIns(login: string, count: number): Promise<SignInResult[]> {
  const results = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) await waitOutTheDelay(login);
    results.push(await signIn(login, WRONG_PASSWORD));
  }
  return results;
}

const invalidCredentials = { ok: false, error: "invalid_credentials" };

describe("failed sign-ins per login name", () => {
  it("counts every one of 50 parallel wrong passwords and sends one lock email", async () => {
    const user = await confirmedUser("parallel", meta);

    await Promise.all(Array.from({ length: 50 }, () => signIn(user.username, WRONG_PASSWORD)));

    const row = await throttleRow(user.username);
    expect(row).toMatchObject({ key: user.username, failures: 50, lockedUntil: expect.any(Date) });
    await deliverAll();
    await mailbox(user.email).waitFor(LOCKED_SUBJECT);
    expect(await messagesLike(user.email, LOCKED_SUBJECT)).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "login_locked" } })).toBe(1);
  });

  // Attempts are counted before their password is checked, so a burst is held to the limits too.
  it("checks no more passwords than the lock allows when 50 wrong ones arrive at once", async () => {
    const user = await confirmedUser("burst", meta);

    const results = await Promise.all(Array.from({ length: 50 }, () => signIn(user.username, WRONG_PASSWORD)));

    const checked = results.filter((result) => !result.ok && result.error === "invalid_credentials");
    expect(checked.length).toBeLessThanOrEqual(LOGIN_THROTTLE.lockAfter);
    expect(results.filter((result) => !result.ok && result.error === "throttled")).toHaveLength(50 - checked.length);
  });

  it("makes each attempt after 5 failures wait longer, refusing even the right password unchecked", async () => {
    const user = await confirmedUser("delay", meta);
    const sessionsBefore = await db.session.count({ where: { userId: user.id } });
    expect(await failSignIns(user.username, 5)).toEqual(Array.from({ length: 5 }, () => invalidCredentials));

    const first = await signIn(user.username, PASSWORD);
    expect(first).toEqual({ ok: false, error: "throttled", retryAfterSeconds: expect.any(Number) });
    // Refused unchecked: counted as an attempt, but no password check (no failed sign-in event), no session.
    expect(await throttleRow(user.username)).toMatchObject({ failures: 6 });
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "login_failed" } })).toBe(5);

    await waitOutTheDelay(user.username);
    expect(await signIn(user.username, WRONG_PASSWORD)).toEqual(invalidCredentials);
    const second = await signIn(user.username, PASSWORD);
    expect(second).toMatchObject({ ok: false, error: "throttled" });

    const waits = [first, second].map((result) => (result as { retryAfterSeconds: number }).retryAfterSeconds);
    expect(waits[0]).toBeGreaterThanOrEqual(1);
    expect(waits[1]).toBeGreaterThan(waits[0]);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(sessionsBefore);
    await waitOutTheDelay(user.username);
    expect(await signIn(user.username, PASSWORD)).toMatchObject({ ok: true });
    expect(await throttleRow(user.username)).toBeNull();
  });

  it("locks sign-in for 15 minutes after 10 failures, and unlocks when the lock is over", async () => {
    const user = await confirmedUser("lock", meta);
    expect(await failSignIns(user.username, 10)).toEqual(Array.from({ length: 10 }, () => invalidCredentials));

    const locked = await signIn(user.username, PASSWORD);

    expect(locked).toEqual({ ok: false, error: "throttled", retryAfterSeconds: expect.any(Number) });
    const { retryAfterSeconds } = locked as { retryAfterSeconds: number };
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(800);
    expect(retryAfterSeconds).toBeLessThanOrEqual(900);

    await db.loginThrottle.update({
      where: { key: loginKey(user.username) },
      data: { lockedUntil: new Date(Date.now() - 1_000) },
    });
    // Never permanent: after the lock a wrong password starts a new streak.
    expect(await signIn(user.username, WRONG_PASSWORD)).toEqual(invalidCredentials);
    expect(await throttleRow(user.username)).toMatchObject({ failures: 1, lockedUntil: null });
    const signedIn = await signIn(user.username, PASSWORD);
    expect(signedIn).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await validateSession((signedIn as { sessionId: string }).sessionId)).not.toBeNull();
    expect(await throttleRow(user.username)).toBeNull();
  });

  it("keeps an operator's lock in force however long ago the last failure was", async () => {
    const user = await confirmedUser("adminlock", meta);
    await lockLogins([user.username], new Date(Date.now() + 24 * 3600_000));
    await db.loginThrottle.update({
      where: { key: loginKey(user.username) },
      data: { lastFailureAt: new Date(Date.now() - 3600_000) },
    });

    const locked = await signIn(user.username, PASSWORD);

    expect(locked).toMatchObject({ ok: false, error: "throttled" });
    expect((locked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(23 * 3600);
    expect(await throttleRow(user.username)).toMatchObject({ failures: 1 });
  });

  it("lets a locked account reset its password, which ends the lock", async () => {
    const user = await confirmedUser("lockedreset", meta);
    await failSignIns(user.username, 10);
    await failSignIns(user.email, 10);
    expect(await signIn(user.username, PASSWORD)).toMatchObject({ error: "throttled" });
    expect(await signIn(user.email, PASSWORD)).toMatchObject({ error: "throttled" });

    await requestPasswordReset(user.email, meta());
    const result = await resetPassword(await resetToken(user.email), NEW_PASSWORD, "web", meta());

    expect(result).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await throttleRow(user.username)).toBeNull();
    expect(await throttleRow(user.email)).toBeNull();
    expect(await signIn(user.username, NEW_PASSWORD)).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await signIn(user.email, NEW_PASSWORD)).toMatchObject({ ok: true, user: { id: user.id } });
  });

  it("throttles an unknown name exactly like a real one, and mails nobody about it", async () => {
    const user = await confirmedUser("realname", meta);
    const unknown = `${uniqueName("nobody")}@example.test`;
    const outcomes: Record<string, unknown[]> = { [user.email]: [], [unknown]: [] };

    for (let attempt = 0; attempt < 11; attempt++) {
      for (const login of [user.email, unknown]) {
        const row = await throttleRow(login);
        if (row && !row.lockedUntil) await waitOutTheDelay(login);
        const result = await signIn(login, WRONG_PASSWORD);
        // A lock's wait in whole minutes, so a second ticking over between the two does not matter.
        outcomes[login].push(
          result.ok
            ? result
            : { ...result, retryAfterSeconds: result.retryAfterSeconds && Math.ceil(result.retryAfterSeconds / 60) },
        );
      }
    }

    expect(outcomes[unknown]).toEqual(outcomes[user.email]);
    expect(outcomes[user.email]).toEqual([
      ...Array.from({ length: 10 }, () => invalidCredentials),
      { ok: false, error: "throttled", retryAfterSeconds: 15 },
    ]);
    // The 11th attempt, refused by the lock, is counted too.
    expect(await throttleRow(unknown)).toMatchObject({ failures: 11, lockedUntil: expect.any(Date) });
    await deliverAll();
    await mailbox(user.email).waitFor(LOCKED_SUBJECT);
    expect(await mailbox(unknown).messages()).toEqual([]);
    expect(await db.emailOutbox.count({ where: { to: unknown } })).toBe(0);
  });
});

describe("sign-ins per client address", () => {
  it("refuses the 31st sign-in from one address within a minute, even with the right password", async () => {
    const user = await confirmedUser("perip", meta);
    const client = meta();
    for (let i = 0; i < LIMITS.loginsPerIp.limit; i++) {
      expect(await signIn(user.username, PASSWORD, client)).toMatchObject({ ok: true });
    }

    const refused = await signIn(user.username, PASSWORD, client);

    expect(refused).toEqual({ ok: false, error: "throttled", retryAfterSeconds: expect.any(Number) });
    const { retryAfterSeconds } = refused as { retryAfterSeconds: number };
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await signIn(user.username, PASSWORD, meta())).toMatchObject({ ok: true });
  });
});
