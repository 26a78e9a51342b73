import "server-only";
import crypto from "node:crypto";
import { db, type Tx } from "@/lib/platform/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RequestMeta } from "@/lib/http/request";

// Security events, shown to their owner on /account and to operators. Callers pass facts only: never a password or a raw token.
export type AuditType =
  | "signup"
  | "signup_existing_email"
  | "email_confirmed"
  | "confirmation_resent"
  | "login"
  | "login_failed"
  | "login_unconfirmed"
  | "logout"
  | "sessions_revoked"
  | "reset_requested"
  | "password_changed"
  | "password_reset"
  | "login_locked"
  | "login_throttled"
  | "email_change_requested"
  | "email_changed"
  | "email_change_reverted"
  | "email_change_cancelled"
  | "login_unlocked"
  | "login_second_step"
  | "reauthenticated"
  | "two_factor_enabled"
  | "two_factor_disabled"
  | "two_factor_failed"
  | "recovery_code_used"
  | "recovery_codes_regenerated"
  | "browser_remembered"
  | "browser_forgotten"
  | "passkey_added"
  | "passkey_renamed"
  | "passkey_removed"
  | "passkey_login"
  | "refresh_reuse"
  | "provider_connected"
  | "provider_disconnected"
  | "provider_not_linked"
  | "data_exported"
  | "account_deletion_requested"
  | "account_deletion_cancelled"
  | "account_deleted";

type AuditEventInput = { type: AuditType; userId?: string | null; outcome?: "success" | "failure"; detail?: string };

/** The INSERT of one event: recordEvent runs it, and a hot path may run it in one statement with others. */
export function eventInsert(event: AuditEventInput, meta: RequestMeta): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "AuditEvent" (id, "userId", type, outcome, detail, ip, "userAgent", "createdAt")
    VALUES (${crypto.randomUUID()}::uuid, ${event.userId ?? null}::uuid, ${event.type}, ${event.outcome ?? "success"},
            ${event.detail ?? null}, ${meta.ip}, ${meta.userAgent}, ${new Date()})`;
}

export async function recordEvent(client: Tx | typeof db, event: AuditEventInput, meta: RequestMeta) {
  await client.$executeRaw(eventInsert(event, meta));
}

/** A run of one kind of event from one place: "10 failed sign-in attempts, 17:48–17:49". */
export type ActivityGroup = {
  id: string;
  type: string;
  ip: string | null;
  userAgent: string | null;
  count: number;
  first: Date;
  last: Date;
};

/**
 * The user's activity, newest first, with each run of the same event from the same address and browser (each
 * within an hour of the next) as one row; `limit` rows, and whether there are more.
 */
export async function activityGroups(userId: string, limit: number): Promise<{ groups: ActivityGroup[]; more: boolean }> {
  const rows = await db.$queryRaw<(Omit<ActivityGroup, "count"> & { count: bigint })[]>`
    WITH marked AS (
      SELECT id, type, ip, "userAgent", "createdAt",
             CASE WHEN (type, ip, "userAgent") IS NOT DISTINCT FROM
                       (LAG(type) OVER newest, LAG(ip) OVER newest, LAG("userAgent") OVER newest)
                   AND LAG("createdAt") OVER newest - "createdAt" <= interval '1 hour'
                  THEN 0 ELSE 1 END AS starts
        FROM "AuditEvent"
       WHERE "userId" = ${userId}::uuid
      WINDOW newest AS (ORDER BY "createdAt" DESC, id DESC)
    ), runs AS (
      SELECT *, SUM(starts) OVER (ORDER BY "createdAt" DESC, id DESC) AS run FROM marked
    )
    SELECT (array_agg(id::text ORDER BY "createdAt" DESC))[1] AS id, MIN(type) AS type, MIN(ip) AS ip,
           MIN("userAgent") AS "userAgent", COUNT(*) AS count, MIN("createdAt") AS first, MAX("createdAt") AS last
      FROM runs
     GROUP BY run
     ORDER BY run
     LIMIT ${limit + 1}`;
  return {
    groups: rows.slice(0, limit).map((row) => ({ ...row, count: Number(row.count) })),
    more: rows.length > limit,
  };
}
