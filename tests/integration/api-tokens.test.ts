import crypto from "node:crypto";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWK } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  authenticateAccessToken,
  confirmEmailForApi,
  refreshAccessToken,
  signOutAccessToken,
} from "@/lib/accounts/api-sessions";
import { issueAccessToken, verifyAccessToken } from "@/lib/sessions/api-tokens";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { createSession, revokeAllSessions } from "@/lib/sessions/sessions";
import {
  KEY_CACHE_SECONDS,
  openPrivateKey,
  publishedJwks,
  rotateSigningKey,
  sealPrivateKey,
  signingKey,
} from "@/lib/sessions/signing-keys";
import { issueToken } from "@/lib/security/tokens";

// Access tokens, signing keys and API sessions against the real database. Time is moved by faking Date
// only (the database and its sockets keep real timers).

const meta = { ip: null, userAgent: "vitest" };
let counter = 0;

afterEach(() => {
  vi.useRealTimers();
});

function advanceClock(seconds: number) {
  const target = Date.now() + seconds * 1000;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(target);
}

async function confirmedUser() {
  const id = `${Date.now().toString(36)}-${counter++}`;
  return db.user.create({
    data: {
      username: `tokens-${id}`,
      email: `tokens-${id}@example.test`,
      passwordHash: "not used by these tests",
      emailVerified: new Date(),
    },
  });
}

/** A user with a live API session and a token for it. */
async function apiSession() {
  const user = await confirmedUser();
  const sessionId = await createSession(user, "api", meta);
  return { user, sessionId, token: await issueAccessToken(user, sessionId) };
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid!;
const kids = async () => (await publishedJwks()).keys.map((key) => key.kid);

describe("API signing keys", () => {
  it("are created on first use and stored with the private half sealed under AUTH_SECRET", async () => {
    const { kid } = await signingKey();
    const row = await db.signingKey.findUniqueOrThrow({ where: { id: kid } });
    expect(row.retiredAt).toBeNull();
    expect(row.algorithm).toBe("EdDSA");

    const plain = openPrivateKey(row.privateKey, kid)!;
    expect(row.privateKey).not.toContain(plain.toString("base64url"));
    expect(row.privateKey).not.toContain(plain.toString("base64"));
    const derivedPublic = crypto.createPublicKey(crypto.createPrivateKey({ key: plain, format: "der", type: "pkcs8" }));
    expect((derivedPublic.export({ format: "jwk" }) as JWK).x).toBe((row.publicJwk as JWK).x);

    expect(openPrivateKey(row.privateKey, kid, "another-secret-another-secret-another-secret")).toBeNull();
    expect(openPrivateKey(row.privateKey, "another-kid")).toBeNull();
    expect(JSON.stringify(await publishedJwks())).not.toMatch(/"d"/);
  });

  it("rotate while keeping the previous key published until its tokens have expired", async () => {
    const { sessionId, user } = await apiSession();
    const before = await issueAccessToken(user, sessionId);

    const { kid, retired } = await rotateSigningKey();
    expect(retired).toEqual([kidOf(before)]);
    const after = await issueAccessToken(user, sessionId);
    expect(kidOf(after)).toBe(kid);
    expect(await kids()).toEqual(expect.arrayContaining([kidOf(before), kid]));

    // A third party holding the JWKS verifies tokens of both keys, and so do we.
    const jwks = createLocalJWKSet(await publishedJwks());
    for (const token of [before, after]) {
      await expect(jwtVerify(token, jwks, { issuer: env.APP_URL })).resolves.toBeTruthy();
      expect(await verifyAccessToken(token)).toMatchObject({ sid: sessionId });
    }

    // Once every token the old key signed has expired, it leaves the JWKS...
    advanceClock(env.ACCESS_TOKEN_TTL + KEY_CACHE_SECONDS + 1);
    expect(await kids()).not.toContain(kidOf(before));
    expect(await kids()).toContain(kid);
    expect(await verifyAccessToken(before)).toBeNull();
    // ...but a client holding one of those tokens can still refresh within its session's window.
    const refreshed = await refreshAccessToken(before);
    expect(refreshed).toMatchObject({ ok: true });
    expect(kidOf((refreshed as { accessToken: string }).accessToken)).toBe(kid);
  });

  it("are replaced when the current one was sealed under another AUTH_SECRET", async () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ed25519");
    const stranded = `stranded-${Date.now()}`;
    await db.$transaction([
      db.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: new Date() } }),
      db.signingKey.create({
        data: {
          id: stranded,
          algorithm: "EdDSA",
          publicJwk: { ...(publicKey.export({ format: "jwk" }) as JWK), kid: stranded, alg: "EdDSA", use: "sig" },
          privateKey: sealPrivateKey(
            privateKey.export({ format: "der", type: "pkcs8" }),
            stranded,
            "the-secret-before-it-was-changed-0123456789",
          ),
        },
      }),
    ]);
    advanceClock(KEY_CACHE_SECONDS + 1);

    const { kid } = await signingKey();
    expect(kid).not.toBe(stranded);
    expect((await db.signingKey.findUniqueOrThrow({ where: { id: stranded } })).retiredAt).not.toBeNull();
  });
});

describe("API sessions", () => {
  it("refuse an expired token everywhere but refresh, which works until the refresh window closes", async () => {
    const { token, user, sessionId } = await apiSession();
    expect((await authenticateAccessToken(token))?.user.id).toBe(user.id);

    advanceClock(env.ACCESS_TOKEN_TTL + 1);
    expect(await authenticateAccessToken(token)).toBeNull();
    const refreshed = await refreshAccessToken(token);
    expect(refreshed.ok).toBe(true);
    expect((await authenticateAccessToken((refreshed as { accessToken: string }).accessToken))?.user.id).toBe(user.id);

    // The window closes when the session row expires. Its date is moved rather than the clock: a clock
    // faked 30 days ahead reaches the embedded database too, whose timers then overflow Node's.
    await db.session.update({ where: { id: sessionId }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await refreshAccessToken(token)).toEqual({ ok: false, error: "invalid_token" });
  });

  it("end at once when the user signs out everywhere on the website", async () => {
    const { token, user } = await apiSession();
    await revokeAllSessions(db, user.id);
    expect(await authenticateAccessToken(token)).toBeNull();
    expect(await refreshAccessToken(token)).toEqual({ ok: false, error: "invalid_token" });
  });

  it("put the user's current username and roles in a refreshed token", async () => {
    const { token, user } = await apiSession();
    await db.user.update({ where: { id: user.id }, data: { roles: ["user", "admin"] } });
    const refreshed = await refreshAccessToken(token);
    const claims = await verifyAccessToken((refreshed as { accessToken: string }).accessToken);
    expect(claims?.roles).toEqual(["user", "admin"]);
  });

  it("sign out with an expired token too, and the refreshed tokens of that session die with it", async () => {
    const { token, user } = await apiSession();
    const refreshed = (await refreshAccessToken(token)) as { accessToken: string };
    advanceClock(env.ACCESS_TOKEN_TTL + 1);
    expect(await signOutAccessToken(token, meta)).toBe(true);
    expect(await refreshAccessToken(refreshed.accessToken)).toEqual({ ok: false, error: "invalid_token" });
    const events = await db.auditEvent.findMany({ where: { userId: user.id, type: "logout" } });
    expect(events).toHaveLength(1);
  });

  it("start from a confirmation token only while it is valid", async () => {
    const user = await db.user.create({
      data: {
        username: `confirm-${Date.now().toString(36)}-${counter++}`,
        email: `confirm-${Date.now()}-${counter}@example.test`,
        passwordHash: "not used by these tests",
      },
    });
    const expired = await db.$transaction((tx) => issueToken(tx, user.id, "confirm_email", 3600));
    await db.token.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await confirmEmailForApi(expired, meta)).toEqual({ ok: false, error: "invalid_token" });

    const valid = await db.$transaction((tx) => issueToken(tx, user.id, "confirm_email", 3600));
    const confirmed = await confirmEmailForApi(valid, meta);
    expect(confirmed).toMatchObject({ ok: true, user: { id: user.id, username: user.username, email: user.email } });
    const session = await authenticateAccessToken((confirmed as { accessToken: string }).accessToken);
    expect(session?.user.emailVerified).not.toBeNull();
  });
});
