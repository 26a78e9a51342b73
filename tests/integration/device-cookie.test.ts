import { describe, expect, it } from "vitest";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { deviceThrottleKey, knowsAccount, rememberAccount } from "@/lib/security/device-cookie";
import { db } from "@/lib/platform/db";
import { lockLogins, loginKey } from "@/lib/security/login-throttle";
import { metaFactory, PASSWORD } from "./accounts-support";
import { confirmedUser, NO_IP, WRONG_PASSWORD } from "./password-support";

const meta = metaFactory(import.meta.url);

/** The name paused as ten wrong passwords from elsewhere leave it (the automatic lock, not an operator's). */
async function pauseByStrangers(login: string) {
  const key = loginKey(login);
  const lock = { failures: 10, lastFailureAt: new Date(), lockedUntil: new Date(Date.now() + 900_000) };
  await db.loginThrottle.upsert({ where: { key }, create: { key, ...lock }, update: lock });
  expect(await signInWithPassword(login, PASSWORD, "web", NO_IP)).toMatchObject({ ok: false, error: "throttled" });
}

// Each sign-in hashes a password; on a busy machine a test of a dozen takes a while.
describe("device cookies against targeted lockout", { timeout: 120_000 }, () => {
  it("let a browser that signed in before through a pause that others caused", async () => {
    const user = await confirmedUser("devok", meta);
    const cookie = rememberAccount(undefined, user.id);
    await pauseByStrangers(user.username);

    const result = await signInWithPassword(user.username, PASSWORD, "web", NO_IP, { deviceCookie: cookie });
    expect(result).toMatchObject({ ok: true });
    // Strangers are still paused.
    expect(await signInWithPassword(user.username, PASSWORD, "web", NO_IP)).toMatchObject({ error: "throttled" });
  });

  it("still slow down guessing from a known browser, on that browser's own counter", async () => {
    const user = await confirmedUser("devguess", meta);
    const cookie = rememberAccount(undefined, user.id);
    const results = [];
    for (let i = 0; i < 12; i++)
      results.push(await signInWithPassword(user.username, WRONG_PASSWORD, "web", NO_IP, { deviceCookie: cookie }));
    expect(results.at(-1)).toMatchObject({ ok: false, error: "throttled" });
    expect(await signInWithPassword(user.username, PASSWORD, "web", NO_IP, { deviceCookie: cookie })).toMatchObject({
      error: "throttled",
    });
    // The name itself was not paused by that browser: a password from elsewhere still works.
    expect(await signInWithPassword(user.username, PASSWORD, "web", NO_IP)).toMatchObject({ ok: true });
  });

  it("do not help with another account, and a forged cookie is ignored", async () => {
    const owner = await confirmedUser("devown", meta);
    const other = await confirmedUser("devother", meta);
    const cookie = rememberAccount(undefined, owner.id);
    expect(knowsAccount(cookie, other.id)).toBe(false);
    await pauseByStrangers(other.username);
    expect(await signInWithPassword(other.username, PASSWORD, "web", NO_IP, { deviceCookie: cookie })).toMatchObject({
      error: "throttled",
    });
    const [body, signature] = cookie.split(".");
    const forged = `${Buffer.from(JSON.stringify({ data: [{ user: other.id, device: "a".repeat(32) }], exp: Date.now() + 1e6 })).toString("base64url")}.${signature}`;
    expect(body).not.toBe(forged.split(".")[0]);
    expect(deviceThrottleKey(forged, other.id)).toBeNull();
  });

  it("keep the same device id across sign-ins and remember a few accounts", () => {
    const first = rememberAccount(undefined, "11111111-1111-1111-1111-111111111111");
    const again = rememberAccount(first, "11111111-1111-1111-1111-111111111111");
    expect(deviceThrottleKey(again, "11111111-1111-1111-1111-111111111111")).toBe(
      deviceThrottleKey(first, "11111111-1111-1111-1111-111111111111"),
    );
    const both = rememberAccount(again, "22222222-2222-2222-2222-222222222222");
    expect(knowsAccount(both, "11111111-1111-1111-1111-111111111111")).toBe(true);
    expect(knowsAccount(both, "22222222-2222-2222-2222-222222222222")).toBe(true);
  });

  it("do not get past an operator's lock", async () => {
    const user = await confirmedUser("devop", meta);
    const cookie = rememberAccount(undefined, user.id);
    await lockLogins([user.username, user.email], new Date(Date.now() + 600_000));
    expect(await signInWithPassword(user.username, PASSWORD, "web", NO_IP, { deviceCookie: cookie })).toMatchObject({
      error: "throttled",
    });
  });
});
