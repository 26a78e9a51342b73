import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmedUser, LEAK, postgresBin, signInOnWebsite, startStack, waitUntil, type Stack } from "./stack";

// A page requested during a database outage never shows a stack trace. A page cannot change its
// status once rendering failed, so the first failure is Next.js's error page; from then on proxy.ts answers
// every page with a friendly 503 until a probe finds the database again.

const hasPostgres = Boolean(postgresBin());
if (!hasPostgres) console.warn("Skipping the page outage test: no PostgreSQL server in /usr/lib/postgresql/*/bin");

const FRIENDLY = /We will be back in a moment/;

describe.skipIf(!hasPostgres)("pages while PostgreSQL is down", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("never shows a stack trace, answers a friendly 503 after the first failure, and recovers", async () => {
    const user = await confirmedUser(stack, "pg");
    const cookie = await signInOnWebsite(stack, user.username, user.password);
    const account = () => stack.api("GET", "/account", { headers: { cookie } });
    const before = await account();
    expect(before.status).toBe(200);
    expect(before.body).toContain(user.username);

    stack.postgres.stop();
    try {
      // The sign-in page needs no database: it still renders.
      const login = await stack.api("GET", "/login");
      expect(login.status).toBe(200);
      expect(login.body).not.toMatch(LEAK);

      // The account page reads the session from the database: it fails, without any detail.
      const failed = await account();
      expect([500, 503]).toContain(failed.status);
      expect(failed.body).not.toMatch(LEAK);
      expect(failed.body).not.toContain(user.email);

      // From now on, every page is the friendly 503, quickly.
      for (const path of ["/account", "/login", "/", "/register"]) {
        const reply = await stack.api("GET", path, { headers: { cookie } });
        expect(reply.status, path).toBe(503);
        expect(reply.contentType).toContain("text/html");
        expect(reply.body).toMatch(FRIENDLY);
        expect(reply.body).not.toMatch(LEAK);
        expect(reply.ms).toBeLessThan(3_000);
      }
      // The JSON API answers its own 503.
      const api = await stack.api("GET", "/api/protected", { bearer: user.accessToken });
      expect(api.status).toBe(503);
      expect(JSON.parse(api.body)).toEqual({ message: expect.any(String) });
      expect(api.body).not.toMatch(LEAK);
    } finally {
      stack.postgres.resume();
    }

    // Back on its own within seconds: the signed-in page and the public ones.
    const recovered = await waitUntil("/account to answer 200 again", async () => {
      const reply = await account();
      return reply.status === 200 && reply;
    });
    expect(recovered.body).toContain(user.username);
    expect((await stack.api("GET", "/login")).status).toBe(200);
    expect((await stack.api("GET", "/api/health")).status).toBe(200);
  });
});
