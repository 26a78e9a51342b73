import { describe, expect, it } from "vitest";
import { resendConfirmation, resendConfirmationForToken } from "@/lib/accounts/confirmation";
import { requestEmailChange } from "@/lib/accounts/email-change";
import { changePassword, requestPasswordReset, resendResetForToken } from "@/lib/accounts/passwords";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import type { RequestMeta } from "@/lib/http/request";
import { backgroundIdle } from "@/lib/platform/background";
import { db } from "@/lib/platform/db";
import { LOGIN_THROTTLE, loginKey } from "@/lib/security/login-throttle";
import { LIMITS } from "@/lib/security/rate-limit";
import { confirmationToken, metaFactory, PASSWORD, registeredUser, uniqueName } from "./accounts-support";
import { confirmedUser, NEW_PASSWORD, NO_IP, resetToken, WRONG_PASSWORD } from "./password-support";

const meta = metaFactory(import.meta.url);
const throttled = { ok: false, error: "throttled", retryAfterSeconds: expect.any(Number) };

function lockNotices(address: string) {
  return db.emailOutbox.count({ where: { to: address, template: "sign-in-locked" } });
}

/** Puts `login` one failure short of a lock, with no delay pending: the next failure starts the lock. */
async function oneFailureFromLock(login: string) {
  const key = loginKey(login);
  const streak = { failures: LOGIN_THROTTLE.lockAfter - 1, lastFailureAt: new Date(Date.now() - 60_000) };
  await db.loginThrottle.upsert({
    where: { key },
    create: { key, ...streak, lockedUntil: null },
    update: { ...streak, lockedUntil: null },
  });
}

/** Moves the last failure a minute back: the growing delay is over, the streak is not. */
async function waitOutTheDelay(login: string) {
  await db.loginThrottle.update({
    where: { key: loginKey(login) },
    data: { lastFailureAt: new Date(Date.now() - 60_000) },
  });
}

describe("sign-in lock notices", () => {
  // PostgreSQL only: the test holds a row lock in one session to show the notice waits for it, and the
  // embedded database has a single session, which its own row locks never hold back.
  it.runIf(process.env.DATABASE_URL)("are written after the sign-in has answered", async () => {
    const user = await confirmedUser("lockafter", meta);
    await oneFailureFromLock(user.username);
    // Hold the recipient's email counter: a notice queued before the answer would block the answer on it.
    const quotaKey = `email:${user.email}`;
    await db.rateLimit.upsert({
      where: { key: quotaKey },
      create: { key: quotaKey, count: 0, windowStart: new Date() },
      update: {},
    });

    await db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT key FROM "RateLimit" WHERE key = ${quotaKey} FOR UPDATE`;
        const answer = await signInWithPassword(user.username, WRONG_PASSWORD, "web", NO_IP);
        expect(answer).toEqual({ ok: false, error: "invalid_credentials" });
        expect(await lockNotices(user.email)).toBe(0);
      },
      { timeout: 20_000 },
    );

    await backgroundIdle();
    expect(await lockNotices(user.email)).toBe(1);
  });

  it("go to one address at most 3 times an hour, however often the lock starts", async () => {
    const user = await confirmedUser("lockcap", meta);
    for (let lock = 0; lock < 5; lock++) {
      await oneFailureFromLock(user.username);
      expect(await signInWithPassword(user.username, WRONG_PASSWORD, "web", NO_IP)).toMatchObject({ ok: false });
    }
    await backgroundIdle();
    expect(await lockNotices(user.email)).toBe(LIMITS.emailsPerAddress.limit);
  });

  it("are never sent for a name without an account, and the answer is the same", async () => {
    const name = uniqueName("nobody");
    await oneFailureFromLock(name);
    expect(await signInWithPassword(name, WRONG_PASSWORD, "web", NO_IP)).toEqual({
      ok: false,
      error: "invalid_credentials",
    });
    await backgroundIdle();
    expect(await db.loginThrottle.findUnique({ where: { key: loginKey(name) } })).toMatchObject({
      lockedUntil: expect.any(Date),
    });
  });
});

describe("the current-password checks in account settings", () => {
  it("count wrong passwords on the sign-in counter and are refused while it is locked", async () => {
    const user = await confirmedUser("settingslock", meta);
    for (let attempt = 0; attempt < LOGIN_THROTTLE.lockAfter; attempt++) {
      if (attempt > 0) await waitOutTheDelay(user.username);
      const answer =
        attempt % 2
          ? await changePassword(user.id, WRONG_PASSWORD, NEW_PASSWORD, meta())
          : await requestEmailChange(user.id, WRONG_PASSWORD, `${uniqueName("new")}@example.test`, meta());
      expect(answer).toMatchObject({ ok: false, error: "wrong_password" });
    }
    expect(await db.loginThrottle.findUnique({ where: { key: loginKey(user.username) } })).toMatchObject({
      failures: LOGIN_THROTTLE.lockAfter,
      lockedUntil: expect.any(Date),
    });

    // Locked: even the right password is refused, without being checked, in settings and at sign-in.
    expect(await changePassword(user.id, PASSWORD, NEW_PASSWORD, meta())).toMatchObject(throttled);
    expect(await requestEmailChange(user.id, PASSWORD, `${uniqueName("new")}@example.test`, meta())).toMatchObject(
      throttled,
    );
    expect(await signInWithPassword(user.username, PASSWORD, "web", NO_IP)).toMatchObject(throttled);
    await backgroundIdle();
    expect(await lockNotices(user.email)).toBe(1);
  });
});

describe("emailed links", () => {
  it("all count against one per-IP cap: reset requests, every resend and new-address confirmations", async () => {
    const client = meta();
    const user = await confirmedUser("ipcap", meta);
    const unconfirmed = await registeredUser("ipcapunconfirmed", meta());
    const confirmToken = await confirmationToken(unconfirmed.email);
    await requestPasswordReset(user.email, meta());
    const resetLinkToken = await resetToken(user.email);

    for (let i = 0; i < LIMITS.emailRequestsPerIp.limit; i++) {
      expect(await requestPasswordReset(`${uniqueName("nobody")}@example.test`, client)).toBeNull();
    }

    expect(await requestPasswordReset(user.email, client)).toMatchObject(throttled);
    expect(await resendConfirmation(unconfirmed.username, client)).toMatchObject(throttled);
    expect(await resendConfirmationForToken(confirmToken, client)).toMatchObject(throttled);
    expect(await resendResetForToken(resetLinkToken, client)).toMatchObject(throttled);
    expect(await requestEmailChange(user.id, PASSWORD, `${uniqueName("new")}@example.test`, client)).toMatchObject(
      throttled,
    );
    // Another client is not affected.
    expect(await requestPasswordReset(user.email, meta())).toBeNull();
    await backgroundIdle();
  });

  it("to confirm a new address are capped at 3 an hour per recipient", async () => {
    const user = await confirmedUser("newcap", meta);
    const newEmail = `${uniqueName("target")}@example.test`;
    for (let i = 0; i < 5; i++)
      expect(await requestEmailChange(user.id, PASSWORD, newEmail, meta())).toEqual({ ok: true });
    expect(await db.emailOutbox.count({ where: { to: newEmail, template: "confirm-new-email" } })).toBe(
      LIMITS.emailsPerAddress.limit,
    );
    // The notices of the requests to the account's own address count against that address's cap.
    expect(await db.emailOutbox.count({ where: { to: user.email, template: "email-change-requested" } })).toBe(
      LIMITS.emailsPerAddress.limit,
    );
  });

  it("are capped per IPv6 /64, not per address: rotating addresses inside one still hits the cap", async () => {
    const network = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:11`;
    const client = (n: number): RequestMeta => ({ ip: `${network}::${n.toString(16)}`, userAgent: "vitest" });
    for (let i = 1; i <= LIMITS.emailRequestsPerIp.limit; i++) {
      expect(await requestPasswordReset(`${uniqueName("nobody")}@example.test`, client(i))).toBeNull();
    }
    expect(await requestPasswordReset(`${uniqueName("nobody")}@example.test`, client(0xbeef))).toMatchObject(throttled);
    // An IPv4-mapped address counts as the IPv4 client.
    const v4 = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < LIMITS.emailRequestsPerIp.limit; i++) {
      await requestPasswordReset(`${uniqueName("nobody")}@example.test`, { ip: v4, userAgent: null });
    }
    expect(
      await requestPasswordReset(`${uniqueName("nobody")}@example.test`, { ip: `::ffff:${v4}`, userAgent: null }),
    ).toMatchObject(throttled);
    await backgroundIdle();
  });
});
