import "server-only";
import crypto from "node:crypto";
import { db, type Tx } from "@/lib/platform/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TokenPurpose } from "@/lib/generated/prisma/enums";

// Emailed tokens: 32 random bytes in base64url; only their SHA-256 is stored, with purpose, user
// and expiry. Single use is one conditional UPDATE, so of two parallel uses exactly one wins.

export type { TokenPurpose };
/** "replaced": a newer link of the same kind was sent, which is the one that works now. */
export type TokenState = "valid" | "expired" | "used" | "replaced" | "invalid";

export function hashToken(raw: string): string {
  return crypto.createHash("sha256").update(raw).digest("hex");
}

/** A base64url string of 32 bytes is 43 characters; anything else cannot be ours. */
export function wellFormed(raw: string | null | undefined): raw is string {
  return typeof raw === "string" && /^[A-Za-z0-9_-]{43}$/.test(raw);
}

// The undo link of an email change belongs to the previous address, not to whoever holds the account now:
// nothing done with the account (a password change, another email change, a reset) may void it. Only its
// own flow does (lib/accounts/email-change.ts).
const UNDO: TokenPurpose = "revert_email_change";

/**
 * Issues a token and voids the user's older unused tokens of the same purpose (undo links excepted: each
 * earlier address keeps its own; a sign-up attempt's token voids only that attempt's older tokens). `email` is the address an email-change token is about. Returns the raw
 * token (it exists only in the email that carries it).
 */
export async function issueToken(
  tx: Tx,
  userId: string,
  purpose: TokenPurpose,
  ttlSeconds: number,
  email?: string,
  attemptId?: string,
): Promise<string> {
  // The older links stop working and remember why: a newer one replaced them.
  const replaced = { usedAt: new Date(), replacedAt: new Date() };
  if (attemptId) {
    await tx.token.updateMany({ where: { attemptId, usedAt: null }, data: replaced });
  } else if (purpose !== UNDO) {
    await tx.token.updateMany({ where: { userId, purpose, usedAt: null }, data: replaced });
  }
  const raw = newRawToken();
  await tx.$executeRaw(tokenInsert(raw, { userId, purpose, ttlSeconds, email, attemptId }));
  return raw;
}

/** A new token's raw value: 32 random bytes in base64url. */
export function newRawToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/**
 * The INSERT of a token whose raw value is `raw`; it voids nothing. issueToken runs it after voiding the older
 * links. A sign-up attempt's first link, whose raw value was made before the transaction (its email was
 * rendered while the password hash ran), goes into the statement that creates the attempt.
 */
export function tokenInsert(
  raw: string,
  token: { userId: string; purpose: TokenPurpose; ttlSeconds: number; email?: string; attemptId?: string },
): Prisma.Sql {
  const { userId, purpose, ttlSeconds, email = null, attemptId = null } = token;
  return Prisma.sql`
    INSERT INTO "Token" (id, hash, purpose, "userId", "expiresAt", email, "attemptId")
    VALUES (${crypto.randomUUID()}::uuid, ${hashToken(raw)}, ${purpose}::"TokenPurpose", ${userId}::uuid,
            ${new Date(Date.now() + ttlSeconds * 1000)}, ${email}, ${attemptId}::uuid)`;
}

/** Voids every unused token of the user: of one purpose, or of all but the undo links of email changes. */
export async function voidTokens(tx: Tx, userId: string, purpose?: TokenPurpose) {
  await tx.token.updateMany({
    where: { userId, purpose: purpose ?? { not: UNDO }, usedAt: null },
    data: { usedAt: new Date() },
  });
}

/** Looks at a token without consuming it (GET of an emailed link). */
export async function peekToken(raw: string | null | undefined, purpose: TokenPurpose) {
  if (!wellFormed(raw)) return { state: "invalid" as const };
  const token = await db.token.findUnique({ where: { hash: hashToken(raw) } });
  if (!token || token.purpose !== purpose) return { state: "invalid" as const };
  const state: TokenState = token.replacedAt
    ? "replaced"
    : token.usedAt
      ? "used"
      : token.expiresAt <= new Date()
        ? "expired"
        : "valid";
  return { state, userId: token.userId, email: token.email ?? undefined, newestSentAt: await newestSentAt(token) };
}

/** When the newest link of a replaced one's kind (for a sign-up link: of its sign-up) was sent. */
async function newestSentAt(token: { replacedAt: Date | null; userId: string; purpose: TokenPurpose; attemptId: string | null }) {
  if (!token.replacedAt) return undefined;
  const newest = await db.token.findFirst({
    where: token.attemptId ? { attemptId: token.attemptId } : { userId: token.userId, purpose: token.purpose },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return newest?.createdAt;
}

/**
 * Consumes a valid token inside the caller's transaction and returns its user id, or null when the token is
 * unknown, of another purpose, expired or already used.
 */
export async function consumeToken(
  tx: Tx,
  raw: string | null | undefined,
  purpose: TokenPurpose,
): Promise<string | null> {
  return (await consumeTokenWithEmail(tx, raw, purpose))?.userId ?? null;
}

/** consumeToken for email-change and confirmation tokens: also returns the address and the sign-up attempt. */
export async function consumeTokenWithEmail(tx: Tx, raw: string | null | undefined, purpose: TokenPurpose) {
  if (!wellFormed(raw)) return null;
  const rows = await tx.$queryRaw<
    { userId: string; email: string | null; createdAt: Date; attemptId: string | null }[]
  >`
    UPDATE "Token" SET "usedAt" = now()
     WHERE hash = ${hashToken(raw)} AND purpose = ${purpose}::"TokenPurpose"
       AND "usedAt" IS NULL AND "expiresAt" > now()
    RETURNING "userId", email, "createdAt", "attemptId"`;
  return rows[0] ?? null;
}
