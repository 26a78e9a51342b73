import "server-only";
import { db, type Tx } from "@/lib/db";
import type { RequestMeta } from "@/lib/request";

// Security events of SPEC §3. Callers pass facts only: never a password or a raw token.
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
  | "login_unlocked";

export async function recordEvent(
  client: Tx | typeof db,
  event: { type: AuditType; userId?: string | null; outcome?: "success" | "failure"; detail?: string },
  meta: RequestMeta,
) {
  await client.auditEvent.create({
    data: {
      type: event.type,
      userId: event.userId ?? null,
      outcome: event.outcome ?? "success",
      detail: event.detail,
      ip: meta.ip,
      userAgent: meta.userAgent,
    },
  });
}

export async function recentEvents(userId: string, take = 20) {
  return db.auditEvent.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take });
}
