import "server-only";
import crypto from "node:crypto";
import { errors, jwtVerify, SignJWT, type JWTHeaderParameters, type JWTPayload } from "jose";
import { env } from "@/lib/platform/env";
import { retiredKeyLifetime, SIGNING_ALGORITHM, signingKey, verificationKey } from "@/lib/sessions/signing-keys";

// API access tokens (docs/api.md): short-lived JWTs signed with our Ed25519 key. A token is only a signed
// pointer to a server-side session (`sid`); whether that session is still live is decided by
// lib/sessions on every request, so revocation takes effect at once.

export type AccessClaims = {
  sub: string;
  username: string;
  roles: string[];
  sid: string;
  jti: string;
  iat: number;
  exp: number;
};

// Our tokens are a few hundred bytes; anything far larger is not worth parsing.
const MAX_TOKEN_LENGTH = 4096;

// Tokens whose signature and claims passed, by their exact text, until they expire. A client sends the same
// access token with every request for its lifetime, and checking an Ed25519 signature is the dearest part
// of a Bearer request after the database; the same bytes always verify the same way, so each token is
// checked once. What can change during a token's life, its session, is still read on every request. Only
// verified tokens enter, so the map holds at most MAX_VERIFIED tokens that someone was actually issued.
const MAX_VERIFIED = 10_000;
const verified = new Map<string, AccessClaims>();

function rememberVerified(token: string, claims: AccessClaims) {
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
  verified.set(token, claims);
}

function recallVerified(token: string): AccessClaims | undefined {
  const claims = verified.get(token);
  if (claims && claims.exp * 1000 <= Date.now()) verified.delete(token);
  else return claims;
}

export async function issueAccessToken(
  user: { id: string; username: string; roles: string[] },
  sessionId: string,
  jti: string = crypto.randomUUID(),
): Promise<string> {
  const { kid, privateKey } = await signingKey();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ username: user.username, roles: user.roles, sid: sessionId })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: "JWT" })
    .setIssuer(env.APP_URL)
    .setSubject(user.id)
    .setJti(jti)
    .setIssuedAt(now)
    .setExpirationTime(now + env.ACCESS_TOKEN_TTL)
    .sign(privateKey);
}

function claimsFrom(payload: JWTPayload): AccessClaims | null {
  const { sub, username, roles, sid, jti, iat, exp } = payload;
  if (
    typeof sub !== "string" ||
    typeof username !== "string" ||
    !Array.isArray(roles) ||
    !roles.every((role) => typeof role === "string") ||
    typeof sid !== "string" ||
    typeof jti !== "string" ||
    typeof iat !== "number" ||
    typeof exp !== "number"
  ) {
    return null;
  }
  return { sub, username, roles, sid, jti, iat, exp };
}

/**
 * The claims of a token signed by one of our keys, or null. Only EdDSA with a kid we issued is accepted,
 * so `alg: none`, HMAC forgeries keyed with our public key, and foreign keys all fail. With
 * `allowExpired` (refresh), an expired token still counts if its signature is ours, and keys retired
 * within the refresh window still verify. Database errors propagate (the caller answers 503).
 */
export async function verifyAccessToken(token: string, { allowExpired = false } = {}): Promise<AccessClaims | null> {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const remembered = recallVerified(token);
  if (remembered) return remembered;
  const acceptRetiredFor = allowExpired ? env.REFRESH_WINDOW : retiredKeyLifetime();
  const keyFor = async (header: JWTHeaderParameters) => {
    const key =
      header.alg === SIGNING_ALGORITHM && header.kid ? await verificationKey(header.kid, acceptRetiredFor) : null;
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key;
  };
  try {
    const { payload } = await jwtVerify(token, keyFor, {
      algorithms: [SIGNING_ALGORITHM],
      issuer: env.APP_URL,
      requiredClaims: ["sub", "sid", "jti", "iat", "exp"],
    });
    const claims = claimsFrom(payload);
    if (claims) rememberVerified(token, claims);
    return claims;
  } catch (error) {
    // jose checks the signature, then the issuer and required claims, and only then the expiry, so an
    // expired token's payload here has passed everything else.
    if (allowExpired && error instanceof errors.JWTExpired) return claimsFrom(error.payload);
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
