import crypto from "node:crypto";
import http from "node:http";
import { test as base, expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { base64url, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { linkIn, Mailbox } from "../support/mailbox";
import { OriginalSpa } from "../support/original-spa";
import {
  APP_URL,
  MAIL_CATCHER,
  SPA_CONFIRMATION_URL,
  SPA_LINKS_URL,
  SPA_ORIGIN,
  SPA_RESET_URL,
  STRICT_URL,
} from "../support/servers";

// The JSON API (docs/api.md) over real HTTP against `next start`, with real SMTP and a real database.
// playwright.config.ts starts that server with CORS_ORIGINS=http://spa.example.

const PASSWORD = "correct horse battery staple 42";
const JWKS = createRemoteJWKSet(new URL("/.well-known/jwks.json", APP_URL));

type Account = { username: string; email: string; password: string };

function freshAccount(): Account {
  const id = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  return { username: `api-${id}`, email: `api-${id}@example.test`, password: PASSWORD };
}

/** An address from 10.0.0.0/8, different for every test. */
function randomIp() {
  return ["10", ...crypto.randomBytes(3)].join(".");
}

// The main test server trusts no proxy (X-Forwarded-For is ignored) and has generous per-address limits,
// since every test comes from one address. The throttling tests use the strict server instead: default
// limits behind one trusted proxy, where each test is its own client address through X-Forwarded-For.
const test = base.extend<{ clientIp: string; spa: OriginalSpa; strict: APIRequestContext }>({
  clientIp: async ({}, provide) => provide(randomIp()),
  spa: async ({}, provide) => provide(new OriginalSpa(APP_URL)),
  strict: async ({ playwright, clientIp }, provide) => {
    const context = await playwright.request.newContext({
      baseURL: STRICT_URL,
      extraHTTPHeaders: { "X-Forwarded-For": clientIp },
    });
    await provide(context);
    await context.dispose();
  },
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function confirmationToken(email: string, count = 1): Promise<string> {
  const message = await new Mailbox(MAIL_CATCHER.httpUrl, email).waitFor(/Confirm your email/, { count });
  return new URL(linkIn(message, `${APP_URL}/confirm?token=`)).searchParams.get("token")!;
}

async function register(request: APIRequestContext, account: Account) {
  const response = await request.post("/api/registration", { data: account });
  expect(response.status()).toBe(201);
}

async function finalize(request: APIRequestContext, email: string) {
  const response = await request.get("/api/finalize", { headers: bearer(await confirmationToken(email)) });
  expect(response.status()).toBe(200);
  const body = await response.json();
  return { accessToken: body.access_token as string, user: body.user as string };
}

/** A confirmed account and the access token its confirmation returned. */
async function confirmedAccount(request: APIRequestContext, account = freshAccount()) {
  await register(request, account);
  return { account, ...(await finalize(request, account.email)) };
}

async function login(request: APIRequestContext, username: string, password = PASSWORD) {
  const response = await request.post("/api/login", { data: { username, password } });
  expect(response.status()).toBe(200);
  return (await response.json()).access_token as string;
}

async function expectUnauthorized(response: APIResponse) {
  expect(response.status()).toBe(401);
  expect(response.headers()["www-authenticate"]).toMatch(/^Bearer\b/);
  expect(typeof (await response.json()).message).toBe("string");
}

async function expectBadRequest(response: APIResponse) {
  expect(response.status()).toBe(400);
  const body = await response.json();
  expect(typeof body.message).toBe("string");
  expect(typeof body.errors).toBe("object");
  return body;
}

test.describe("the original SPA's journey", () => {
  test("registers, confirms, reads the protected endpoint, refreshes with the raw token and signs out", async ({
    spa,
  }) => {
    const account = freshAccount();
    const registered = await spa.register(account.username, account.email, account.password);
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({ message: expect.any(String) });

    const finalized = await spa.finalize(await confirmationToken(account.email));
    expect(finalized.status).toBe(200);
    expect(finalized.body).toEqual({
      access_token: expect.any(String),
      user: account.username,
    });

    const allowed = await spa.protectedResource();
    expect(allowed.status).toBe(200);
    expect(allowed.body).toEqual({ message: `protected endpoint (allowed user ${account.username})` });

    const first = spa.accessToken;
    const refreshed = await spa.refresh();
    expect(refreshed.status).toBe(200);
    expect(spa.accessToken).not.toBe(first);
    expect(decodeJwt(spa.accessToken!).sid).toBe(decodeJwt(first!).sid);
    expect((await spa.protectedResource()).status).toBe(200);

    expect((await spa.logout()).status).toBe(204);
    const refused = await spa.protectedResource();
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    expect((await spa.refresh()).status).toBe(401);
  });

  test("with links that open the SPA's own pages: registers, confirms, resets its password and signs in", async () => {
    // This server's emails point at the SPA's hash routes (CONFIRMATION_URL and RESET_URL), as the original's did.
    const spa = new OriginalSpa(SPA_LINKS_URL);
    const account = freshAccount();
    const mailbox = new Mailbox(MAIL_CATCHER.httpUrl, account.email);
    expect((await spa.register(account.username, account.email, account.password)).status).toBe(201);
    const confirmLink = linkIn(await mailbox.waitFor(/Confirm your email/), SPA_CONFIRMATION_URL);
    // The SPA reads the token from the query of its hash route.
    const confirmToken = new URLSearchParams(new URL(confirmLink).hash.split("?")[1]).get("token")!;
    expect((await spa.finalize(confirmToken)).status).toBe(200);
    expect((await spa.protectedResource()).status).toBe(200);
    expect((await spa.refresh()).status).toBe(200);

    const requested = await spa.requestReset(account.email);
    expect(requested.status).toBe(200);
    const unknown = await spa.requestReset(`nobody-${Date.now()}@example.test`);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual(requested.body);

    const resetLink = linkIn(await mailbox.waitFor(/Reset your/), SPA_RESET_URL);
    const resetToken = new URLSearchParams(new URL(resetLink).hash.split("?")[1]).get("token")!;
    const oldAccessToken = spa.accessToken;
    const weak = await spa.finalizeReset(resetToken, "passwordpassword");
    expect(weak.status).toBe(400);
    expect(weak.body).toEqual({ message: expect.any(String), errors: { password: [expect.any(String)] } });

    const newPassword = "lantern quartz meadow 73 orbit";
    const reset = await spa.finalizeReset(resetToken, newPassword);
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({
      access_token: expect.any(String),
      user: account.username,
    });
    expect((await spa.protectedResource()).status).toBe(200);
    // The reset ended every other session, the SPA's earlier one included.
    const before = new OriginalSpa(SPA_LINKS_URL);
    before.accessToken = oldAccessToken;
    expect((await before.protectedResource()).status).toBe(401);
    // The token worked once; the old password is gone, the new one works.
    expect((await spa.finalizeReset(resetToken, newPassword)).status).toBe(401);
    expect((await spa.login(account.username, account.password)).status).toBe(401);
    expect((await spa.login(account.username, newPassword)).status).toBe(200);
    await mailbox.waitFor(/password was changed/);
  });

  test("signs in with the username or the email and gets a working token either way", async ({ request, spa }) => {
    const { account } = await confirmedAccount(request);
    for (const name of [account.username, account.email.toUpperCase()]) {
      const response = await spa.login(name, account.password);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ access_token: expect.any(String) });
      expect((await spa.protectedResource()).status).toBe(200);
    }
  });
});

test.describe("POST /api/registration", () => {
  test("answers 400 with per-field messages for invalid input", async ({ request }) => {
    const body = await expectBadRequest(
      await request.post("/api/registration", { data: { username: "x", email: "not-an-email", password: "short" } }),
    );
    expect(Object.keys(body.errors).sort()).toEqual(["email", "password", "username"]);
  });

  test("answers 400 for a guessable password, with the reason", async ({ request }) => {
    const account = freshAccount();
    const body = await expectBadRequest(
      await request.post("/api/registration", { data: { ...account, password: "passwordpassword1" } }),
    );
    expect(body.errors.password[0]).toMatch(/guess|common/i);
  });

  test("answers 409 when the username is taken", async ({ request }) => {
    const first = freshAccount();
    await register(request, first);
    const response = await request.post("/api/registration", {
      data: { ...freshAccount(), username: first.username },
    });
    expect(response.status()).toBe(409);
    expect(await response.json()).toEqual({ message: expect.any(String) });
  });

  test("answers 409 for a taken username whatever email comes with it, the owner's own included", async ({
    request,
  }) => {
    const { account } = await confirmedAccount(request);
    const withOwnersEmail = await request.post("/api/registration", {
      data: { ...freshAccount(), username: account.username, email: account.email },
    });
    const withOtherEmail = await request.post("/api/registration", {
      data: { ...freshAccount(), username: account.username },
    });
    expect(withOwnersEmail.status()).toBe(409);
    expect(withOtherEmail.status()).toBe(409);
    expect(await withOwnersEmail.json()).toEqual(await withOtherEmail.json());
  });

  test("confirming the newest link activates the victim's password, not the attacker's earlier one", async ({
    request,
  }) => {
    const victim = freshAccount();
    const attacker = { ...freshAccount(), email: victim.email, password: "attacker chose this 1234 long" };
    await register(request, attacker);
    await confirmationToken(victim.email);
    await register(request, victim);
    const attackerLink = await confirmationToken(victim.email);
    const victimLink = await confirmationToken(victim.email, 2);

    const finalized = await request.get("/api/finalize", { headers: bearer(victimLink) });
    expect(finalized.status()).toBe(200);

    expect(
      (await request.post("/api/login", { data: { username: victim.email, password: victim.password } })).status(),
    ).toBe(200);
    expect(
      (await request.post("/api/login", { data: { username: attacker.email, password: attacker.password } })).status(),
    ).toBe(401);
    expect(
      (
        await request.post("/api/login", { data: { username: attacker.username, password: attacker.password } })
      ).status(),
    ).toBe(401);
    expect((await request.get("/api/finalize", { headers: bearer(attackerLink) })).status()).toBe(401);
  });

  test("gives an already registered email the same 201 and tells its owner by email", async ({ request }) => {
    const { account } = await confirmedAccount(request);
    const fresh = await request.post("/api/registration", { data: freshAccount() });
    const again = await request.post("/api/registration", { data: { ...freshAccount(), email: account.email } });
    expect(again.status()).toBe(201);
    expect(await again.json()).toEqual(await fresh.json());
    await new Mailbox(MAIL_CATCHER.httpUrl, account.email).waitFor(/Someone tried to sign up/);
  });

  test("ignores unknown fields: a client cannot give itself roles or a confirmed email", async ({ request }) => {
    const account = freshAccount();
    const response = await request.post("/api/registration", {
      data: { ...account, roles: ["admin"], emailVerified: "2020-01-01T00:00:00Z", sessionVersion: 0 },
    });
    expect(response.status()).toBe(201);
    expect((await request.post("/api/login", { data: account })).status()).toBe(403);
    const { accessToken } = await finalize(request, account.email);
    expect(decodeJwt(accessToken).roles).toEqual(["user"]);
  });
});

test.describe("GET /api/finalize", () => {
  test("answers 401 for a missing, unknown or already used token", async ({ request }) => {
    await expectUnauthorized(await request.get("/api/finalize"));
    await expectUnauthorized(await request.get("/api/finalize", { headers: bearer("A".repeat(43)) }));

    const account = freshAccount();
    await register(request, account);
    const token = await confirmationToken(account.email);
    expect((await request.get("/api/finalize", { headers: bearer(token) })).status()).toBe(200);
    await expectUnauthorized(await request.get("/api/finalize", { headers: bearer(token) }));
  });

  test("throttles token guessing per client address", async ({ strict }) => {
    let response: APIResponse | undefined;
    for (let attempt = 0; attempt < 21; attempt++) {
      response = await strict.get("/api/finalize", { headers: bearer(base64url.encode(crypto.randomBytes(32))) });
    }
    expect(response!.status()).toBe(429);
    expect(Number(response!.headers()["retry-after"])).toBeGreaterThan(0);
  });
});

test.describe("POST /api/login", () => {
  test("answers an unknown user and a wrong password with the same 401", async ({ request }) => {
    const { account } = await confirmedAccount(request);
    const wrong = await request.post("/api/login", { data: { username: account.username, password: `${PASSWORD}!` } });
    const unknown = await request.post("/api/login", {
      data: { username: `nobody-${Date.now()}`, password: PASSWORD },
    });
    for (const response of [wrong, unknown]) {
      expect(response.status()).toBe(401);
      expect(response.headers()["www-authenticate"]).toMatch(/^Bearer\b/);
    }
    expect(await wrong.json()).toEqual({ access_token: "", message: expect.any(String) });
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  test("answers 403 for an unconfirmed account with the right password", async ({ request }) => {
    const account = freshAccount();
    await register(request, account);
    const response = await request.post("/api/login", { data: account });
    expect(response.status()).toBe(403);
    expect(await response.json()).toEqual({ message: expect.stringMatching(/confirm/i) });
  });

  test("answers 429 with Retry-After when one client tries too often", async ({ strict }) => {
    const statuses: number[] = [];
    let last: APIResponse | undefined;
    for (let attempt = 0; attempt < 31; attempt++) {
      last = await strict.post("/api/login", { data: { username: `nobody-${attempt}`, password: PASSWORD } });
      statuses.push(last.status());
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(last!.status()).toBe(429);
    expect(Number(last!.headers()["retry-after"])).toBeGreaterThan(0);
    expect(typeof (await last!.json()).message).toBe("string");
  });

  test("counts an IPv6 client by its /64: rotating addresses inside it still hits 429", async ({ playwright }) => {
    const network = `2001:db8:${crypto.randomBytes(2).toString("hex")}:${crypto.randomBytes(2).toString("hex")}`;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 31; attempt++) {
      const context = await playwright.request.newContext({
        baseURL: STRICT_URL,
        extraHTTPHeaders: { "X-Forwarded-For": `${network}::${(attempt + 1).toString(16)}` },
      });
      const response = await context.post("/api/login", { data: { username: `v6-${attempt}`, password: PASSWORD } });
      statuses.push(response.status());
      await context.dispose();
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  test("refuses an over-long password before hashing it", async ({ request }) => {
    await expectBadRequest(
      await request.post("/api/login", { data: { username: "someone", password: "x".repeat(257) } }),
    );
  });
});

test.describe("access tokens", () => {
  test("verify against the published JWKS and carry the documented claims", async ({ request }) => {
    const { account, accessToken, user } = await confirmedAccount(request);
    expect(user).toBe(account.username);
    const { payload, protectedHeader } = await jwtVerify(accessToken, JWKS, {
      algorithms: ["EdDSA"],
      issuer: APP_URL,
    });
    expect(protectedHeader).toMatchObject({ alg: "EdDSA", kid: expect.any(String) });
    expect(payload).toMatchObject({
      sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: account.username,
      roles: ["user"],
      sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      jti: expect.any(String),
    });
    expect(payload.exp! - payload.iat!).toBe(15 * 60);

    const jwks = await (await request.get("/.well-known/jwks.json")).json();
    expect(jwks.keys.map((key: { kid: string }) => key.kid)).toContain(protectedHeader.kid);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
      expect(key).not.toHaveProperty("d");
    }
  });

  test("refuse alg:none, HS256 keyed with our public key, tampered claims and foreign keys", async ({ request }) => {
    const { accessToken } = await confirmedAccount(request);
    const header = decodeProtectedHeader(accessToken);
    const claims = decodeJwt(accessToken);
    const jwk = (await (await request.get("/.well-known/jwks.json")).json()).keys.find(
      (key: { kid: string }) => key.kid === header.kid,
    );
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const [, , signature] = accessToken.split(".");
    const foreign = crypto.generateKeyPairSync("ed25519").privateKey;

    const forgeries = {
      none: `${encode({ alg: "none", kid: header.kid })}.${encode(claims)}.`,
      hs256WithJwk: await new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256", kid: header.kid })
        .sign(new TextEncoder().encode(JSON.stringify(jwk))),
      hs256WithKeyBytes: await new SignJWT(claims)
        .setProtectedHeader({ alg: "HS256", kid: header.kid })
        .sign(base64url.decode(jwk.x)),
      tampered: `${encode(header)}.${encode({ ...claims, username: "admin", roles: ["admin"] })}.${signature}`,
      foreignKeyOurKid: await new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid: header.kid }).sign(foreign),
      foreignKeyOwnKid: await new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid: "attacker" }).sign(foreign),
    };
    for (const [name, forged] of Object.entries(forgeries)) {
      const response = await request.get("/api/protected", { headers: bearer(forged) });
      expect(response.status(), name).toBe(401);
      expect((await request.post("/api/refresh", { data: forged })).status(), name).toBe(401);
    }
    // The genuine token still works, so the refusals above are about the forgeries.
    expect((await request.get("/api/protected", { headers: bearer(accessToken) })).status()).toBe(200);
  });

  test("of a revoked session stop working at once; the user's other sessions do not", async ({ request }) => {
    const { account } = await confirmedAccount(request);
    const phone = await login(request, account.username);
    const laptop = await login(request, account.email);
    expect((await request.post("/api/logout", { headers: bearer(phone) })).status()).toBe(204);

    await expectUnauthorized(await request.get("/api/protected", { headers: bearer(phone) }));
    await expectUnauthorized(await request.post("/api/refresh", { headers: bearer(phone) }));
    expect((await request.get("/api/protected", { headers: bearer(laptop) })).status()).toBe(200);
    // Signing out twice is harmless.
    expect((await request.post("/api/logout", { headers: bearer(phone) })).status()).toBe(204);
  });
});

test.describe("GET /api/protected and POST /api/logout", () => {
  test("answer 401 without a token or with garbage", async ({ request }) => {
    await expectUnauthorized(await request.get("/api/protected"));
    await expectUnauthorized(await request.get("/api/protected", { headers: bearer("not.a.token") }));
    await expectUnauthorized(await request.get("/api/protected", { headers: { Authorization: "Basic dXNlcjpwYXNz" } }));
    await expectUnauthorized(await request.post("/api/logout"));
    await expectUnauthorized(await request.post("/api/logout", { headers: bearer("not.a.token") }));
  });
});

test.describe("POST /api/refresh", () => {
  test("accepts the token as the raw body, as {access_token} and as a Bearer header", async ({ request }) => {
    const { accessToken } = await confirmedAccount(request);
    const variants = {
      rawBody: (token: string) => ({ data: token }),
      rawBodyTextPlain: (token: string) => ({ data: token, headers: { "Content-Type": "text/plain;charset=UTF-8" } }),
      jsonObject: (token: string) => ({ data: { access_token: token } }),
      jsonString: (token: string) => ({ data: JSON.stringify(token), headers: { "Content-Type": "application/json" } }),
      header: (token: string) => ({ headers: bearer(token) }),
    };
    // Each refresh presents the newest token, as a client does: refresh rotates.
    let newest = accessToken;
    for (const [name, options] of Object.entries(variants)) {
      const response = await request.post("/api/refresh", options(newest));
      expect(response.status(), name).toBe(200);
      newest = (await response.json()).access_token;
      expect(decodeJwt(newest).sid, name).toBe(decodeJwt(accessToken).sid);
      expect((await request.get("/api/protected", { headers: bearer(newest) })).status(), name).toBe(200);
    }
  });

  test("rotates: once refreshed, an older token is reuse and ends the session", async ({ request }) => {
    const { account } = await confirmedAccount(request);
    const first = await login(request, account.username);
    const refresh = (token: string) => request.post("/api/refresh", { headers: bearer(token) });
    const second = (await (await refresh(first)).json()).access_token as string;
    const third = (await (await refresh(second)).json()).access_token as string;
    expect((await request.get("/api/protected", { headers: bearer(third) })).status()).toBe(200);

    // The first token is two rotations old: whoever holds it kept a copy.
    await expectUnauthorized(await refresh(first));
    // The session is over for everyone, the newest token included.
    await expectUnauthorized(await refresh(third));
    await expectUnauthorized(await request.get("/api/protected", { headers: bearer(third) }));
  });

  test("lets two tabs refresh the same token at once, and the session goes on", async ({ request }) => {
    const { account } = await confirmedAccount(request);
    const token = await login(request, account.username);
    const answers = await Promise.all([1, 2].map(() => request.post("/api/refresh", { headers: bearer(token) })));
    expect(answers.map((answer) => answer.status())).toEqual([200, 200]);
    const fresh = await Promise.all(answers.map(async (answer) => (await answer.json()).access_token as string));
    for (const newest of fresh) {
      expect((await request.get("/api/protected", { headers: bearer(newest) })).status()).toBe(200);
    }
    const later = await request.post("/api/refresh", { headers: bearer(fresh[1]) });
    expect(later.status()).toBe(200);
  });

  test("answers 401 without a token and 400 for a token of the wrong type", async ({ request }) => {
    await expectUnauthorized(await request.post("/api/refresh"));
    await expectUnauthorized(await request.post("/api/refresh", { data: {} }));
    await expectBadRequest(await request.post("/api/refresh", { data: { access_token: 42 } }));
    await expectBadRequest(await request.post("/api/refresh", { data: "{not json" }));
  });
});

test.describe("request bodies", () => {
  test("are parsed as JSON whatever the Content-Type says", async ({ request }) => {
    for (const contentType of [
      "text/plain;charset=UTF-8",
      "application/octet-stream",
      "application/x-www-form-urlencoded",
    ]) {
      const response = await request.post("/api/login", {
        data: JSON.stringify({ username: `nobody-${Date.now()}`, password: PASSWORD }),
        headers: { "Content-Type": contentType },
      });
      expect(response.status(), contentType).toBe(401);
    }
  });

  test("over 16 KB are refused with 413, with or without a Content-Length", async ({ request, clientIp }) => {
    const big = JSON.stringify({ username: "someone", password: "x".repeat(17 * 1024) });
    const declared = await request.post("/api/login", { data: big });
    expect(declared.status()).toBe(413);
    expect(await declared.json()).toEqual({ message: expect.any(String) });

    // A chunked body declares no length: the bytes actually read are counted.
    const chunks = [big.slice(0, 8000), big.slice(8000)];
    const chunked = await fetch(`${APP_URL}/api/registration`, {
      method: "POST",
      headers: { "X-Forwarded-For": clientIp },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(new TextEncoder().encode(next));
          else controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  const malformed: Record<string, string> = {
    "malformed JSON": '{"username": "a", ',
    "an array": '[{"username": "a"}]',
    null: "null",
    "a number": "42",
    "a string": '"username"',
    "an object where a string belongs": '{"username":{"not":""},"password":"x"}',
    "a number where a string belongs": '{"username":"someone","password":12345}',
  };
  for (const [name, body] of Object.entries(malformed)) {
    test(`with ${name} get a 400, never a 500`, async ({ request }) => {
      for (const path of ["/api/login", "/api/registration"]) {
        const response = await request.post(path, { data: body });
        await expectBadRequest(response);
      }
    });
  }
});

test.describe("CORS", () => {
  test("lets an allowed origin call the API and answers its preflight", async ({ request }) => {
    const preflight = await request.fetch("/api/login", {
      method: "OPTIONS",
      headers: {
        Origin: "http://spa.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
      },
    });
    expect(preflight.status()).toBe(204);
    expect(preflight.headers()).toMatchObject({
      "access-control-allow-origin": "http://spa.example",
      "access-control-allow-methods": expect.stringContaining("POST"),
      "access-control-allow-headers": "Authorization, Content-Type",
    });

    const response = await request.get("/api/protected", { headers: { Origin: "http://spa.example" } });
    expect(response.status()).toBe(401);
    expect(response.headers()["access-control-allow-origin"]).toBe("http://spa.example");
    expect(response.headers()["access-control-expose-headers"]).toContain("WWW-Authenticate");
    expect(response.headers()["vary"]).toContain("Origin");
  });

  test("covers GET /api and GET /api/ (the SPA's home page calls them), preflight included", async ({ request }) => {
    for (const path of ["/api", "/api/"]) {
      const response = await request.get(path, { headers: { Origin: "http://spa.example" } });
      expect(response.status(), path).toBe(200);
      expect(await response.json(), path).toEqual({ "JWT Server Application": "Running!" });
      expect(response.headers()["access-control-allow-origin"], path).toBe("http://spa.example");

      const preflight = await request.fetch(path, {
        method: "OPTIONS",
        headers: { Origin: "http://spa.example", "Access-Control-Request-Method": "GET" },
      });
      expect(preflight.status(), path).toBe(204);
      expect(preflight.headers()["access-control-allow-origin"], path).toBe("http://spa.example");
      expect(preflight.headers()["access-control-allow-methods"], path).toContain("GET");
    }
  });

  test("gives any other origin no CORS headers, preflight included", async ({ request }) => {
    const preflight = await request.fetch("/api/login", {
      method: "OPTIONS",
      headers: { Origin: "http://evil.example", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.headers()["access-control-allow-origin"]).toBeUndefined();
    expect(preflight.headers()["access-control-allow-methods"]).toBeUndefined();

    const response = await request.post("/api/login", {
      data: { username: "someone", password: PASSWORD },
      headers: { Origin: "http://evil.example" },
    });
    expect(response.headers()["access-control-allow-origin"]).toBeUndefined();
  });

  test("is enforced by a real browser: the allowed origin reads the answer, another origin cannot", async ({
    browser,
  }) => {
    // A plain context: the X-Forwarded-For the other tests add would itself need CORS permission.
    const context = await browser.newContext({ extraHTTPHeaders: {} });
    const page = await context.newPage();
    // One page, served at two origins: 127.0.0.1 is listed in CORS_ORIGINS, localhost is not.
    const server = http.createServer((_, response) => {
      response.writeHead(200, { "Content-Type": "text/html" });
      response.end("<!doctype html><title>SPA</title>");
    });
    const port = Number(new URL(SPA_ORIGIN).port);
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    try {
      const call = () =>
        page.evaluate(async (url) => {
          try {
            const response = await fetch(`${url}/api/login`, {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ username: "someone", password: "correct horse battery staple 42" }),
            });
            return { status: response.status, body: await response.json() };
          } catch (error) {
            return { blocked: String(error) };
          }
        }, APP_URL);

      await page.goto(`${SPA_ORIGIN}/`);
      expect(await call()).toMatchObject({ status: 401, body: { access_token: "" } });
      const messages: string[] = [];
      page.on("console", (message) => messages.push(message.text()));
      await page.goto(`http://localhost:${port}/`);
      expect(await call()).toEqual({ blocked: expect.stringContaining("Failed to fetch") });
      expect(messages.join("\n")).toContain("No 'Access-Control-Allow-Origin' header");
    } finally {
      await context.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

test.describe("POST /api/reset and POST /api/reset_finalize", () => {
  test("answer the same 200 for every address and 400 for a malformed body", async ({ request }) => {
    const { account } = await confirmedAccount(request);
    const known = await request.post("/api/reset", { data: { email: account.email } });
    const unknown = await request.post("/api/reset", { data: { email: `nobody-${Date.now()}@example.test` } });
    expect(known.status()).toBe(200);
    expect(unknown.status()).toBe(200);
    expect(await unknown.json()).toEqual(await known.json());
    await expectBadRequest(await request.post("/api/reset", { data: { email: "not an address" } }));
    await expectBadRequest(await request.post("/api/reset", { data: "[1,2]" }));
  });

  test("answer 401, never a 500, for a missing, garbage or confirmation-purpose token", async ({ request }) => {
    const body = { data: { password: "lantern quartz meadow 73 orbit" } };
    await expectUnauthorized(await request.post("/api/reset_finalize", body));
    await expectUnauthorized(await request.post("/api/reset_finalize", { ...body, headers: bearer("garbage") }));
    const account = freshAccount();
    await register(request, account);
    const confirmation = await confirmationToken(account.email);
    await expectUnauthorized(await request.post("/api/reset_finalize", { ...body, headers: bearer(confirmation) }));
    // The confirmation token was not spent by that attempt.
    expect((await request.get("/api/finalize", { headers: bearer(confirmation) })).status()).toBe(200);
  });
});
