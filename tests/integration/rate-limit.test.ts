import { describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import { hit, LIMITS } from "@/lib/security/rate-limit";
import { registerUser } from "@/lib/accounts/sign-up";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { PASSWORD, signUpInput, uniqueName } from "./accounts-support";

const key = (label: string) => `test:${uniqueName(label)}`;

describe("the rate limiter", () => {
  it("counts every one of 50 parallel hits on one key", async () => {
    const counter = key("parallel");
    const results = await Promise.all(
      Array.from({ length: 50 }, () => hit(counter, { limit: 1000, windowSeconds: 60 })),
    );
    expect(results.every((result) => result.allowed)).toBe(true);
    expect(await db.rateLimit.findUniqueOrThrow({ where: { key: counter } })).toMatchObject({ count: 50 });
  });

  it("lets exactly the limit through when parallel hits overrun it", async () => {
    const counter = key("overrun");
    const results = await Promise.all(Array.from({ length: 20 }, () => hit(counter, { limit: 5, windowSeconds: 60 })));
    expect(results.filter((result) => result.allowed)).toHaveLength(5);
  });

  it("refuses the fourth hit of a limit of 3 with a wait within the window", async () => {
    const counter = key("fourth");
    const limit = { limit: 3, windowSeconds: 600 };
    for (let i = 0; i < 3; i++) expect(await hit(counter, limit)).toEqual({ allowed: true });

    const refused = await hit(counter, limit);

    expect(refused).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
    const { retryAfterSeconds } = refused as { retryAfterSeconds: number };
    expect(Number.isInteger(retryAfterSeconds)).toBe(true);
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(600);
  });

  it("tells how long is left of the window, not the whole window", async () => {
    const counter = key("remaining");
    const limit = { limit: 1, windowSeconds: 600 };
    await hit(counter, limit);
    await db.rateLimit.update({ where: { key: counter }, data: { windowStart: new Date(Date.now() - 500_000) } });

    const refused = await hit(counter, limit);

    expect(refused.allowed).toBe(false);
    const { retryAfterSeconds } = refused as { retryAfterSeconds: number };
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(95);
    expect(retryAfterSeconds).toBeLessThanOrEqual(101);
  });

  it("starts a new window once the old one is over", async () => {
    const counter = key("window");
    const limit = { limit: 2, windowSeconds: 60 };
    for (let i = 0; i < 3; i++) await hit(counter, limit);
    expect((await hit(counter, limit)).allowed).toBe(false);
    await db.rateLimit.update({ where: { key: counter }, data: { windowStart: new Date(Date.now() - 61_000) } });

    expect(await hit(counter, limit)).toEqual({ allowed: true });
    expect(await db.rateLimit.findUniqueOrThrow({ where: { key: counter } })).toMatchObject({ count: 1 });
  });

  it("keeps separate counts for separate keys", async () => {
    const limit = { limit: 1, windowSeconds: 60 };
    const first = key("separate");
    await hit(first, limit);
    expect((await hit(first, limit)).allowed).toBe(false);
    expect(await hit(key("separate"), limit)).toEqual({ allowed: true });
  });
});

describe("the limits applied to accounts", () => {
  it("allows 10 sign-ups per IP per hour and refuses the 11th with the wait", async () => {
    const meta = { ip: "10.3.0.1", userAgent: "vitest" };
    const attempts = Array.from({ length: 11 }, () => uniqueName("burst"));
    const results = [];
    for (const username of attempts) {
      results.push(await registerUser(signUpInput(username, `${username}@example.test`), meta));
    }

    expect(results.slice(0, LIMITS.signupsPerIp.limit).every((result) => result.ok)).toBe(true);
    expect(results[10]).toEqual({ ok: false, error: "throttled", retryAfterSeconds: expect.any(Number) });
    expect(await db.user.findUnique({ where: { username: attempts[10] } })).toBeNull();
    // Another address is not affected.
    const other = uniqueName("elsewhere");
    expect(
      await registerUser(signUpInput(other, `${other}@example.test`), { ip: "10.3.0.2", userAgent: null }),
    ).toMatchObject({ ok: true });
  });

  it("allows 30 sign-in attempts per IP per minute and refuses the 31st before checking the password", async () => {
    const meta = { ip: "10.3.1.1", userAgent: "vitest" };
    for (let i = 0; i < LIMITS.loginsPerIp.limit; i++) {
      expect(await signInWithPassword(uniqueName("nobody"), PASSWORD, "web", meta)).toEqual({
        ok: false,
        error: "invalid_credentials",
      });
    }

    const result = await signInWithPassword(uniqueName("nobody"), PASSWORD, "web", meta);

    expect(result).toEqual({ ok: false, error: "throttled", retryAfterSeconds: expect.any(Number) });
    const { retryAfterSeconds } = result as { retryAfterSeconds: number };
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);
    // The refused attempt never got as far as a password check (each check records a failed login).
    expect(await db.auditEvent.count({ where: { ip: meta.ip } })).toBe(LIMITS.loginsPerIp.limit);
  });
});
