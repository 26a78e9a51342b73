import "server-only";
import { waysToSignIn, type SignedInUser } from "@/lib/accounts/users";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { recordEvent } from "@/lib/accounts/audit";
import { queueSecurityNotice } from "@/lib/accounts/two-factor";
import { wakeOutbox } from "@/lib/email/outbox";
import type { RequestMeta } from "@/lib/http/request";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { log } from "@/lib/platform/log";
import { clearLoginFailures } from "@/lib/security/login-throttle";
import { hit, LIMITS } from "@/lib/security/rate-limit";
import type { Failure } from "@/lib/shared/result";

// Passkeys (WebAuthn): discoverable credentials with user verification, so a passkey sign-in is complete
// on its own (something you have, unlocked by something you are or know). The relying party id and the
// origin come from APP_URL, never from the request. Challenges are stored server-side, single use (deleted
// when used) and live 5 minutes; the signature counter and the backup state are stored with the key.

const CHALLENGE_SECONDS = 5 * 60;
const appUrl = new URL(env.APP_URL);
export const RP_ID = appUrl.hostname;
export const ORIGIN = appUrl.origin;

async function storeChallenge(challenge: string, userId: string | null) {
  await db.webAuthnChallenge.create({
    data: { challenge, userId, expiresAt: new Date(Date.now() + CHALLENGE_SECONDS * 1000) },
  });
}

/** The challenge inside a browser's response (its clientDataJSON), or null. */
function challengeOf(response: { response?: { clientDataJSON?: unknown } }): string | null {
  try {
    const json = JSON.parse(Buffer.from(String(response.response?.clientDataJSON ?? ""), "base64url").toString("utf8"));
    return typeof json.challenge === "string" ? json.challenge : null;
  } catch {
    return null;
  }
}

/** Deletes the challenge if it is live and was issued to `userId` (null: for a sign-in); true when it was. */
async function consumeChallenge(challenge: string | null, userId: string | null): Promise<boolean> {
  if (!challenge) return false;
  const deleted = await db.webAuthnChallenge.deleteMany({
    where: { challenge, userId, expiresAt: { gt: new Date() } },
  });
  return deleted.count === 1;
}

// ---- Adding a passkey ----------------------------------------------------------------------------------

export async function passkeyRegistrationOptions(userId: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { username: true, passkeys: { select: { id: true, transports: true } } },
  });
  const options = await generateRegistrationOptions({
    rpName: env.APP_NAME,
    rpID: RP_ID,
    userName: user.username,
    userID: new TextEncoder().encode(userId),
    attestationType: "none",
    excludeCredentials: user.passkeys.map((passkey) => ({ id: passkey.id, transports: passkey.transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  await storeChallenge(options.challenge, userId);
  return options;
}

export async function addPasskey(
  userId: string,
  name: string,
  response: RegistrationResponseJSON,
  meta: RequestMeta,
): Promise<{ ok: true; id: string } | Failure<"invalid">> {
  const challenge = challengeOf(response);
  if (!(await consumeChallenge(challenge, userId))) return { ok: false, error: "invalid" };
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge!,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: true,
    });
  } catch (error) {
    log.info("passkey registration refused", { reason: (error as Error).message });
    return { ok: false, error: "invalid" };
  }
  if (!verification.verified) return { ok: false, error: "invalid" };
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { username: true, email: true, locale: true },
  });
  await db.$transaction(async (tx) => {
    await tx.passkey.create({
      data: {
        id: credential.id,
        userId,
        name,
        publicKey: Buffer.from(credential.publicKey),
        counter: BigInt(credential.counter),
        transports: credential.transports ?? [],
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
      },
    });
    await recordEvent(tx, { type: "passkey_added", userId, detail: name }, meta);
    await queueSecurityNotice(tx, user, "passkey_added", meta, { passkeyName: name });
  });
  wakeOutbox();
  return { ok: true, id: credential.id };
}

// ---- Signing in ----------------------------------------------------------------------------------------

/** Options for a sign-in with any passkey of this site (discoverable credentials: no user named). */
export async function passkeySignInOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({ rpID: RP_ID, userVerification: "required" });
  await storeChallenge(options.challenge, null);
  return options;
}

export type PasskeySignIn =
  | {
      ok: true;
      user: SignedInUser;
    }
  | Failure<"invalid" | "throttled">;

/**
 * Checks a passkey assertion; on success the caller starts a session for `user`: no second step, a passkey
 * is two factors.
 */
export async function signInWithPasskey(
  response: AuthenticationResponseJSON,
  meta: RequestMeta,
): Promise<PasskeySignIn> {
  if (meta.ip) {
    const limit = await hit(`login:ip:${meta.ip}`, LIMITS.loginsPerIp);
    if (!limit.allowed) return { ok: false, error: "throttled", retryAfterSeconds: limit.retryAfterSeconds };
  }
  const challenge = challengeOf(response);
  if (!(await consumeChallenge(challenge, null))) return { ok: false, error: "invalid" };
  const passkey =
    typeof response.id === "string"
      ? await db.passkey.findUnique({ where: { id: response.id }, include: { user: true } })
      : null;
  if (!passkey || !passkey.user.emailVerified) return { ok: false, error: "invalid" };
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge!,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: passkey.transports,
      },
      requireUserVerification: true,
    });
  } catch (error) {
    log.info("passkey sign-in refused", { reason: (error as Error).message });
    return { ok: false, error: "invalid" };
  }
  if (!verification.verified) return { ok: false, error: "invalid" };
  const { user } = passkey;
  const { newCounter, credentialBackedUp } = verification.authenticationInfo;
  await db.$transaction(async (tx) => {
    await tx.passkey.update({
      where: { id: passkey.id },
      data: { counter: BigInt(newCounter), backedUp: credentialBackedUp, lastUsedAt: new Date() },
    });
    await recordEvent(tx, { type: "passkey_login", userId: user.id, detail: passkey.name }, meta);
  });
  await clearLoginFailures([user.username, user.email]);
  const { id, username, email, roles, sessionVersion, locale, deletionDueAt } = user;
  return { ok: true, user: { id, username, email, roles, sessionVersion, locale, deletionDueAt } };
}

// ---- Managing passkeys ---------------------------------------------------------------------------------

export async function listPasskeys(userId: string) {
  return db.passkey.findMany({
    where: { userId },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true },
    orderBy: { createdAt: "asc" },
  });
}

export async function renamePasskey(userId: string, id: string, name: string, meta: RequestMeta): Promise<boolean> {
  const renamed = await db.passkey.updateMany({ where: { id, userId }, data: { name } });
  if (renamed.count === 1) await recordEvent(db, { type: "passkey_renamed", userId, detail: name }, meta);
  return renamed.count === 1;
}

/** Removes a passkey, unless it is the account's last way to sign in (lib/accounts/users waysToSignIn). */
export async function removePasskey(
  userId: string,
  id: string,
  meta: RequestMeta,
): Promise<{ ok: true } | Failure<"not_found" | "last_way_in">> {
  const removed = await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { username: true, email: true, locale: true, passkeys: { select: { id: true, name: true } } },
    });
    const passkey = user.passkeys.find((candidate) => candidate.id === id);
    if (!passkey) return "not_found" as const;
    if ((await waysToSignIn(tx, userId)) <= 1) return "last_way_in" as const;
    await tx.passkey.delete({ where: { id } });
    await recordEvent(tx, { type: "passkey_removed", userId, detail: passkey.name }, meta);
    await queueSecurityNotice(tx, user, "passkey_removed", meta, { passkeyName: passkey.name });
    return "removed" as const;
  });
  if (removed !== "removed") return { ok: false, error: removed };
  wakeOutbox();
  return { ok: true };
}
