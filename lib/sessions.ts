import "server-only";
import crypto from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import type { SessionKind } from "@/lib/generated/prisma/enums";
import type { RequestMeta } from "@/lib/request";

// Server-side session records for the website and the API. A session is valid while it is not revoked,
// not past its end, and was started at the user's current session version; bumping the version
// (sign out everywhere, password change) ends every session at once.

export async function createSession(userId: string, kind: SessionKind, meta: RequestMeta, client: Tx | typeof db = db) {
  const user = await client.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });
  const lifetime = kind === "web" ? env.SESSION_MAX_AGE : env.REFRESH_WINDOW;
  const session = await client.session.create({
    data: {
      userId,
      kind,
      sessionToken: crypto.randomBytes(32).toString("base64url"),
      version: user.sessionVersion,
      expires: new Date(Date.now() + lifetime * 1000),
      ip: meta.ip,
      userAgent: meta.userAgent,
    },
  });
  return session.id;
}

export type SessionUser = {
  id: string;
  username: string;
  email: string;
  roles: string[];
  createdAt: Date;
  emailVerified: Date | null;
};

type SessionState = { revokedAt: Date | null; expires: Date; version: number };

/** Live: not revoked, not past its end, and started at the user's current session version. */
export function isLive(session: SessionState, sessionVersion: number, now = new Date()): boolean {
  return !session.revokedAt && session.expires > now && session.version === sessionVersion;
}

/** The session's user when the session is live, else null. One indexed lookup. */
export async function validateSession(
  sessionId: string | undefined | null,
): Promise<{ user: SessionUser; sessionId: string } | null> {
  if (!sessionId || !/^[0-9a-f-]{36}$/.test(sessionId)) return null;
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      version: true,
      expires: true,
      revokedAt: true,
      user: {
        select: {
          id: true,
          username: true,
          email: true,
          roles: true,
          createdAt: true,
          emailVerified: true,
          sessionVersion: true,
        },
      },
    },
  });
  if (!session) return null;
  const { sessionVersion, ...user } = session.user;
  return isLive(session, sessionVersion) ? { user, sessionId } : null;
}

export async function revokeSession(sessionId: string) {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Ends every session of the user, website and API alike. */
export async function revokeAllSessions(client: Tx | typeof db, userId: string) {
  await client.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
  await client.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
}
