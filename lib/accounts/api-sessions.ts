import "server-only";
import crypto from "node:crypto";
import { recordEvent } from "@/lib/accounts/audit";
import { issueAccessToken, verifyAccessToken } from "@/lib/sessions/api-tokens";
import { db } from "@/lib/platform/db";
import { resetPassword } from "@/lib/accounts/passwords";
import type { RequestMeta } from "@/lib/http/request";
import { signOut } from "@/lib/accounts/sign-out";
import { createSession, validateSession, type SessionUser } from "@/lib/sessions/sessions";
import { confirmEmail } from "@/lib/accounts/confirmation";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { completeSecondStep } from "@/lib/accounts/two-factor";
import { type Failure } from "@/lib/shared/result";
import { type SignedInUser } from "@/lib/accounts/users";
import { cancelDeletionOnSignIn } from "@/lib/accounts/account-deletion";
import type { Prisma } from "@/lib/generated/prisma/client";

// The JSON API's sessions: what each API route asks for, built on the same lib/users and lib/sessions
// functions as the website. An API session is a Session row of kind "api" whose `expires` is the end of
// its refresh window; access tokens point at it by id.

export type ApiUser = { id: string; username: string; email: string };
export type ApiSignedIn = { ok: true; accessToken: string; user: ApiUser };

/**
 * The JSON body of a sign-in by emailed link (confirmation, reset): the original SPA renders `user` as
 * text ("Welcome <name>!"), so it is the username, never an object.
 */
export function signedInBody(signedIn: ApiSignedIn): { access_token: string; user: string } {
  return { access_token: signedIn.accessToken, user: signedIn.user.username };
}

/**
 * Starts an API session for `user` (the API's counterpart of startWebSession) and issues its first token.
 * `writes`: a password sign-in's own writes, run with the session's insert (lib/accounts/sign-in).
 */
async function startApiSession(user: SignedInUser, meta: RequestMeta, writes: Prisma.Sql[] = []): Promise<ApiSignedIn> {
  await cancelDeletionOnSignIn(user, meta);
  const sessionId = await createSession(user, "api", meta, { writes });
  const { id, username, email } = user;
  return { ok: true, accessToken: await issueAccessToken(user, sessionId), user: { id, username, email } };
}

/** Confirms an email from the token in its link and starts an API session. */
export async function confirmEmailForApi(
  rawToken: string,
  meta: RequestMeta,
): Promise<ApiSignedIn | Failure<"invalid_token" | "throttled">> {
  const result = await confirmEmail(rawToken, meta);
  return result.ok ? startApiSession(result.user, meta) : result;
}

/** Sets a new password with an emailed reset token and starts an API session. */
export async function resetPasswordForApi(
  rawToken: string,
  password: string,
  meta: RequestMeta,
): Promise<
  ApiSignedIn | (Failure<"mfa_required"> & { mfaToken: string }) | Failure<"invalid_token" | "invalid" | "throttled">
> {
  const result = await resetPassword(rawToken, password, "api", meta);
  if (!result.ok && result.error === "second_step") {
    return { ok: false, error: "mfa_required", mfaToken: result.secondStepToken };
  }
  return result.ok ? startApiSession(result.user, meta) : result;
}

/**
 * Checks a username-or-email and password and starts an API session; for an account with two-factor on,
 * answers "mfa_required" with the token that signInWithSecondFactorForApi completes.
 */
export async function signInForApi(
  login: string,
  password: string,
  meta: RequestMeta,
): Promise<
  | ApiSignedIn
  | (Failure<"mfa_required"> & { mfaToken: string })
  | Failure<"invalid_credentials" | "unconfirmed" | "throttled" | "overloaded">
> {
  const result = await signInWithPassword(login, password, "api", meta);
  if (!result.ok && result.error === "second_step") {
    return { ok: false, error: "mfa_required", mfaToken: result.secondStepToken };
  }
  return result.ok ? startApiSession(result.user, meta, result.writes) : result;
}

/** The second step of an API sign-in: the mfa_token from /api/login and a TOTP or recovery code. */
export async function signInWithSecondFactorForApi(
  mfaToken: string,
  code: string,
  meta: RequestMeta,
): Promise<ApiSignedIn | Failure<"invalid_challenge" | "wrong_code" | "throttled">> {
  const result = await completeSecondStep(mfaToken, code, "api", meta);
  return result.ok ? startApiSession(result.user, meta) : result;
}

/** The user behind an unexpired access token whose session is still live, or null. */
export async function authenticateAccessToken(
  token: string | null,
): Promise<{ user: SessionUser; sessionId: string } | null> {
  const claims = token ? await verifyAccessToken(token) : null;
  if (!claims) return null;
  const session = await validateSession(claims.sid);
  return session && session.user.id === claims.sub ? session : null;
}

/** How long the token a refresh replaced can still be refreshed: two tabs refreshing at once both succeed. */
export const REFRESH_GRACE_SECONDS = 30;

/**
 * A new access token for the session of `token`, expired or not, while that session is inside its refresh
 * window and not revoked. Username and roles are read afresh, so a change shows up in the new token.
 *
 * Refresh rotates: only the session's newest token (and, for REFRESH_GRACE_SECONDS, the one before it) can
 * be refreshed. Any older token of the session is a copy someone kept, so presenting it is reuse: the
 * session ends, for the thief and the owner alike, and the owner signs in again.
 */
export async function refreshAccessToken(
  token: string | null,
  meta: RequestMeta = { ip: null, userAgent: null },
): Promise<{ ok: true; accessToken: string } | Failure<"invalid_token">> {
  const claims = token ? await verifyAccessToken(token, { allowExpired: true }) : null;
  const session = claims ? await validateSession(claims.sid) : null;
  if (!claims || !session || session.user.id !== claims.sub) return { ok: false, error: "invalid_token" };
  const jti = crypto.randomUUID();
  // One statement, under the row's lock: of two refreshes presenting the same token, the second sees the
  // first one's rotation.
  const rotated = await db.$executeRaw`
    UPDATE "Session"
    SET "previousRefreshJti" = COALESCE("refreshJti", ${claims.jti}), "refreshJti" = ${jti}, "refreshedAt" = now()
    WHERE id = ${session.sessionId}::uuid AND "revokedAt" IS NULL
      AND ("refreshJti" IS NULL OR "refreshJti" = ${claims.jti}
           OR ("previousRefreshJti" = ${claims.jti}
               AND "refreshedAt" > now() - make_interval(secs => ${REFRESH_GRACE_SECONDS})))`;
  if (rotated === 0) {
    const ended = await db.session.updateMany({
      where: { id: session.sessionId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (ended.count) {
      const detail = "refresh with a replaced token";
      await recordEvent(db, { type: "refresh_reuse", userId: session.user.id, outcome: "failure", detail }, meta);
    }
    return { ok: false, error: "invalid_token" };
  }
  return { ok: true, accessToken: await issueAccessToken(session.user, session.sessionId, jti) };
}

/**
 * Ends the session of `token`. An expired token still works here (its signature is ours): a client
 * signing out must be able to kill a session it could otherwise refresh. Ending an ended session is fine.
 */
export async function signOutAccessToken(token: string | null, meta: RequestMeta): Promise<boolean> {
  const claims = token ? await verifyAccessToken(token, { allowExpired: true }) : null;
  // Our own tokens always carry a uuid; the check keeps a malformed id away from a uuid column.
  if (!claims || !/^[0-9a-f-]{36}$/.test(claims.sid)) return false;
  const session = await db.session.findUnique({ where: { id: claims.sid }, select: { userId: true, revokedAt: true } });
  if (!session || session.userId !== claims.sub) return false;
  if (!session.revokedAt) await signOut(claims.sid, session.userId, meta);
  return true;
}
