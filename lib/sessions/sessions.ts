import "server-only";
import crypto from "node:crypto";
import { db, directQuery, directSql, oneStatement, type Tx } from "@/lib/platform/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/platform/env";
import type { SessionKind } from "@/lib/generated/prisma/enums";
import type { RequestMeta } from "@/lib/http/request";

// Server-side session records for the website and the API. A session is valid while it is not revoked,
// not past its end, and was started at the user's current session version; bumping the version
// (sign out everywhere, password change) ends every session at once.

/**
 * Starts a session for `user` at the session version the caller read with it. A sign-in that raced a password
 * change or a sign-out-everywhere therefore starts a session that is already dead, instead of outliving them.
 * `writes` are the caller's own writes for this sign-in (lib/accounts/sign-in's failure reset and audit
 * event), run in the same statement: on the sign-in path a round trip costs more than its write. With
 * `client` (a transaction) the statement runs there; otherwise on the pool, outside Prisma's pipeline
 * (lib/platform/db directQuery).
 */
export async function createSession(
  user: { id: string; sessionVersion: number },
  kind: SessionKind,
  meta: RequestMeta,
  { writes = [], client }: { writes?: Prisma.Sql[]; client?: Tx } = {},
): Promise<string> {
  const id = crypto.randomUUID();
  const now = new Date();
  const expires = new Date(now.getTime() + (kind === "web" ? env.SESSION_MAX_AGE : env.REFRESH_WINDOW) * 1000);
  // sessionToken is the adapter's unique column, unused by our sessions (the cookie carries the row's id).
  const statement = oneStatement([
    ...writes,
    Prisma.sql`
      INSERT INTO "Session" (id, "sessionToken", "userId", kind, version, expires, ip, "userAgent", "createdAt", "updatedAt")
      VALUES (${id}::uuid, ${crypto.randomBytes(32).toString("base64url")}, ${user.id}::uuid, ${kind}::"SessionKind",
              ${user.sessionVersion}, ${expires}, ${meta.ip}, ${meta.userAgent}, ${now}, ${now})`,
  ]);
  if (client) await client.$executeRaw(statement);
  else await directSql(statement);
  return id;
}

export type SessionUser = {
  id: string;
  username: string;
  email: string;
  roles: string[];
  createdAt: Date;
  emailVerified: Date | null;
  /** The account's chosen language (lib/shared/locales), or null when it never chose. */
  locale: string | null;
};

type SessionState = { revokedAt: Date | null; expires: Date; version: number };

/** Live: not revoked, not past its end, and started at the user's current session version. */
export function isLive(session: SessionState, sessionVersion: number, now = new Date()): boolean {
  return !session.revokedAt && session.expires > now && session.version === sessionVersion;
}

/**
 * The session's user when the session is live, else null. Every signed-in request asks this, so it is one
 * direct query over two primary keys (Prisma's nested select would take two round trips, and its query
 * pipeline costs more than the lookup itself; see lib/platform/db directQuery).
 */
export async function validateSession(
  sessionId: string | undefined | null,
): Promise<{ user: SessionUser; sessionId: string } | null> {
  if (!sessionId || !/^[0-9a-f-]{36}$/.test(sessionId)) return null;
  const [row] = await directQuery<SessionState & SessionUser & { sessionVersion: number }>(
    `SELECT s.version, s.expires, s."revokedAt", u."sessionVersion", u.id, u.username, u.email, u.roles,
            u."createdAt", u."emailVerified", u.locale
     FROM "Session" s JOIN "User" u ON u.id = s."userId"
     WHERE s.id = $1::uuid`,
    [sessionId],
  );
  if (!row || !isLive(row, row.sessionVersion)) return null;
  const { id, username, email, roles, createdAt, emailVerified, locale } = row;
  return { user: { id, username, email, roles, createdAt, emailVerified, locale }, sessionId };
}

export async function revokeSession(sessionId: string, client: Tx | typeof db = db) {
  await client.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Ends every session of the user, website and API alike. Returns the user's new session version. */
export async function revokeAllSessions(client: Tx | typeof db, userId: string): Promise<number> {
  const { sessionVersion } = await client.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  await client.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return sessionVersion;
}

export type LiveSession = {
  id: string;
  kind: "web" | "api";
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  updatedAt: Date;
  expires: Date;
};

/** The user's live sessions (website and API), newest first. */
export async function listLiveSessions(userId: string): Promise<LiveSession[]> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  if (!user) return [];
  return db.session.findMany({
    where: { userId, revokedAt: null, expires: { gt: new Date() }, version: user.sessionVersion },
    select: { id: true, kind: true, ip: true, userAgent: true, createdAt: true, updatedAt: true, expires: true },
    orderBy: { createdAt: "desc" },
  });
}
