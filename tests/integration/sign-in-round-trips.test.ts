import { afterEach, describe, expect, it, vi } from "vitest";
import { signInForApi } from "@/lib/accounts/api-sessions";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { db } from "@/lib/platform/db";
import { loginKey } from "@/lib/security/login-throttle";
import { LIMITS } from "@/lib/security/rate-limit";
import { metaFactory, PASSWORD, statementsOf } from "./accounts-support";
import { confirmedUser, WRONG_PASSWORD } from "./password-support";

// A password sign-in spends its time on the hash and on the main thread, where every round trip to the
// database costs more than the statement it carries. It makes one statement before the hash (the per-IP
// limit, the account, the attempt's count) and one after (the session, with the sign-in's own writes).

const meta = metaFactory(import.meta.url);

afterEach(() => vi.restoreAllMocks());

describe.runIf(process.env.DATABASE_URL)("a password sign-in's round trips", () => {
  it("are one statement before the hash and one after it", async () => {
    const user = await confirmedUser("trips", meta);
    const requestMeta = meta();
    // The process's first API sign-in also loads (here: creates) the key that signs access tokens.
    await signInForApi(user.username, PASSWORD, requestMeta);

    const statements = await statementsOf(async () => {
      const result = await signInForApi(user.username, PASSWORD, requestMeta);
      expect(result).toMatchObject({ ok: true, accessToken: expect.any(String) });
    });

    expect(statements).toHaveLength(2);
    const [before, after] = statements;
    for (const table of ['"RateLimit"', '"LoginThrottle"', '"User"']) expect(before).toContain(table);
    expect(after).toContain('"Session"');
  });

  it("still count the attempt on the name, within the per-IP limit only", async () => {
    const user = await confirmedUser("tripcount", meta);
    const requestMeta = meta();

    expect(await signInWithPassword(user.username, WRONG_PASSWORD, "api", requestMeta)).toMatchObject({
      error: "invalid_credentials",
    });
    expect(await db.loginThrottle.findUnique({ where: { key: loginKey(user.username) } })).toMatchObject({
      failures: 1,
    });

    // The same client over its per-IP limit: refused, and the name's counter does not move.
    await db.rateLimit.update({
      where: { key: `login:ip:${requestMeta.ip}` },
      data: { count: LIMITS.loginsPerIp.limit },
    });
    expect(await signInWithPassword(user.username, PASSWORD, "api", requestMeta)).toMatchObject({
      error: "throttled",
    });
    expect(await db.loginThrottle.findUnique({ where: { key: loginKey(user.username) } })).toMatchObject({
      failures: 1,
    });
  });
});
