import "server-only";
import { recordEvent } from "@/lib/accounts/audit";
import type { RequestMeta } from "@/lib/http/request";
import { db } from "@/lib/platform/db";

// "Download my data": everything the site keeps about an account that its owner can read, as one JSON
// document. Secrets are left out: the password hash, session tokens, refresh token ids and emailed tokens.

/** The account's data; the export itself is recorded in its activity (a copy left the site, and from where). */
export async function exportAccountData(userId: string, meta: RequestMeta) {
  await recordEvent(db, { type: "data_exported", userId }, meta);
  const [account, sessions, activity] = await Promise.all([
    db.user.findUniqueOrThrow({
      where: { id: userId },
      select: { username: true, email: true, emailVerified: true, locale: true, roles: true, createdAt: true },
    }),
    db.session.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      select: { kind: true, createdAt: true, expires: true, revokedAt: true, ip: true, userAgent: true },
    }),
    db.auditEvent.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      select: { type: true, outcome: true, createdAt: true, ip: true, userAgent: true },
    }),
  ]);
  return {
    exportedAt: new Date(),
    account: { ...account, emailConfirmedAt: account.emailVerified, emailVerified: undefined },
    sessions,
    activity,
  };
}
