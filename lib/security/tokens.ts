import "server-only";
import crypto from "node:crypto";
import { db, type Tx } from "@/lib/platform/db";
import type { TokenPurpose } from "@/lib/generated/prisma/enums";

// Emailed tokens: 32 random bytes in base64url; only their SHA-256 is stored, with purpose, user
// and expiry. Single use is one conditional UPDATE, so of two parallel uses exactly one wins.

export type { TokenPurpose };
export type TokenState = "valid" | "expired" | "used" | "invalid";

export function hashToken(raw: string): string {
  return crypto.createHash("sha256").update(raw).digest("hex");
}

/** A base64url string of 32 bytes is 43 characters; anything else cannot be ours. */
function wellFormed(raw: string | null | undefined): raw is string {
  return typeof raw === "string" && /^[A-Za-z0-9_-]{43}$/.test(raw);
}

/**
 * Issues a token and voids the user's older unused tokens of the same purpose. `email` is the address an
 * email-change token is about. Returns the raw token (it exists only in the email that carries it).
 */
export async function issueToken(
  tx: Tx,
  userId: string,
  purpose: TokenPurpose,
  ttlSeconds: number,
  email?: string,
): Promise<string> {
  const raw = crypto.randomBytes(32).toString("base64url");
  await voidTokens(tx, userId, purpose);
  await tx.token.create({
    data: { hash: hashToken(raw), purpose, userId, email, expiresAt: new Date(Date.now() + ttlSeconds * 1000) },
  });
  return raw;
}

/** Voids every unused token of the user (of one purpose, or of all). */
export async function voidTokens(tx: Tx, userId: string, purpose?: TokenPurpose) {
  await tx.token.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: new Date() } });
}

/** Looks at a token without consuming it (GET of an emailed link). */
export async function peekToken(raw: string | null | undefined, purpose: TokenPurpose) {
  if (!wellFormed(raw)) return { state: "invalid" as const };
  const token = await db.token.findUnique({ where: { hash: hashToken(raw) } });
  if (!token || token.purpose !== purpose) return { state: "invalid" as const };
  const state: TokenState = token.usedAt ? "used" : token.expiresAt <= new Date() ? "expired" : "valid";
  return { state, userId: token.userId };
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

/** consumeToken for email-change tokens: also returns the address the token is about. */
export async function consumeTokenWithEmail(tx: Tx, raw: string | null | undefined, purpose: TokenPurpose) {
  if (!wellFormed(raw)) return null;
  const rows = await tx.$queryRaw<{ userId: string; email: string | null }[]>`
    UPDATE "Token" SET "usedAt" = now()
     WHERE hash = ${hashToken(raw)} AND purpose = ${purpose}::"TokenPurpose"
       AND "usedAt" IS NULL AND "expiresAt" > now()
    RETURNING "userId", email`;
  return rows[0] ?? null;
}
