import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, postgresBin, startStack, waitUntil, type Stack } from "./stack";

// Admission at the server's door: with HASH_ADMISSION_LIMIT sign-in and sign-up API requests in progress, the
// next one is refused by the server entry at once, before Next.js reads it. Requests in progress are held
// open here by sending their headers and only part of their body, so the count is exact, not timing.

const hasPostgres = Boolean(postgresBin());
if (!hasPostgres) console.warn("Skipping the admission test: no PostgreSQL server in /usr/lib/postgresql/*/bin");

const LIMIT = 2;
const SPA = "http://spa.example.test";

/** A POST /api/login whose body never finishes: it holds one place until `abort`. */
function heldSignIn(baseUrl: string) {
  const request = http.request(`${baseUrl}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": "1000" },
  });
  request.on("error", () => {});
  request.write('{"username":"');
  return { abort: () => request.destroy() };
}

describe.skipIf(!hasPostgres)("refusing a flood at the server's door", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { HASH_ADMISSION_LIMIT: String(LIMIT), CORS_ORIGINS: SPA } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("answers 503 with Retry-After, in the API's language and with CORS, without reading the request", async () => {
    const held = Array.from({ length: LIMIT }, () => heldSignIn(stack.app.url));
    try {
      // The body is not even JSON: a request that reached the route would get a 400.
      const refusal = await waitUntil("the held requests to take every place", async () => {
        const reply = await fetch(`${stack.app.url}/api/login`, {
          method: "POST",
          headers: { "accept-language": "pt-BR", origin: SPA },
          body: "not json",
        });
        return reply.status === 503 ? reply : null;
      });
      expect(refusal.headers.get("retry-after")).toBe("1");
      expect(refusal.headers.get("access-control-allow-origin")).toBe(SPA);
      expect(refusal.headers.get("cache-control")).toBe("no-store");
      expect(await refusal.json()).toEqual({ message: "O servidor está ocupado. Tente novamente em instantes." });

      const signUp = await call(stack.app.url, "POST", "/api/registration", { json: {} });
      expect(signUp.status).toBe(503);
      // Only sign-in and sign-up are bounded: the rest of the site answers as usual.
      expect((await call(stack.app.url, "GET", "/api/health")).status).toBe(200);
      expect((await call(stack.app.url, "POST", "/api/refresh", { json: {} })).status).toBe(401);
    } finally {
      for (const request of held) request.abort();
    }
    // A place is given back when its request ends, even cut off mid-body: the route answers again.
    const reached = await waitUntil("the places to be given back", async () => {
      const reply = await call(stack.app.url, "POST", "/api/login", { json: { username: "" } });
      return reply.status === 503 ? null : reply;
    });
    expect(reached.status).toBe(400);
  });
});
