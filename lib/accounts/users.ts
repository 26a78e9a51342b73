import "server-only";
import { db, type Tx } from "@/lib/platform/db";
import { loginKey } from "@/lib/security/login-throttle";
import { verifyPassword } from "@/lib/security/password-hash";

// The account row as the flows use it, how a sign-in name finds it, and the rules every flow shares about
// unconfirmed sign-ups (see SECURITY.md, "Proof of the address decides").

export type UserRow = { id: string; username: string; email: string; emailVerified: Date | null; roles: string[] };

export function isUniqueViolation(error: unknown): boolean {
  // Through driver adapters P2002 arrives without meta.target, so only the code is reliable.
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/**
 * Serialises, for the rest of the transaction, everything that creates, activates or voids sign-up attempts
 * of these addresses and usernames. Transaction-scoped, so it holds behind a transaction-mode pooler. Keys
 * are taken in sorted order, so two callers never wait on each other in a cycle.
 */
export async function lockSignup(tx: Tx, keys: { email?: string; username?: string }) {
  const names = [keys.email && `signup:email:${keys.email}`, keys.username && `signup:username:${keys.username}`]
    .filter((name): name is string => Boolean(name))
    .sort();
  for (const name of names) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${name}))`;
}

/**
 * Whether a username is taken: by an account (confirmed or not) or by a live sign-up attempt, whatever
 * address comes with it. `exceptUserId` ignores the holder's own account and attempts.
 */
export async function usernameHeld(tx: Tx, username: string, exceptUserId?: string): Promise<boolean> {
  const notMine = exceptUserId ? { not: exceptUserId } : undefined;
  const [account, attempt] = await Promise.all([
    tx.user.findFirst({ where: { username, id: notMine }, select: { id: true } }),
    tx.signupAttempt.findFirst({
      where: { username, userId: notMine, expiresAt: { gt: new Date() } },
      select: { id: true },
    }),
  ]);
  return Boolean(account ?? attempt);
}

/**
 * The user a sign-in name points at: an email when it holds "@", else a username (of an account, or of a
 * live sign-up attempt, whose address's account it names).
 */
export async function findUserByLogin(login: string) {
  const identifier = loginKey(login);
  if (identifier.includes("@")) return db.user.findUnique({ where: { email: identifier } });
  const user = await db.user.findUnique({ where: { username: identifier } });
  if (user) return user;
  const attempt = await db.signupAttempt.findFirst({
    where: { username: identifier, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    include: { user: true },
  });
  return attempt && !attempt.user.emailVerified ? attempt.user : null;
}

/**
 * Whether `password` is the account's. An unconfirmed account has no password of its own yet: each live
 * sign-up attempt's password counts (newest first), so every person who signed up hears "confirm your email
 * first" and nobody hears whose attempt it was.
 */
export async function verifyAccountPassword(
  user: { id: string; passwordHash: string; emailVerified: Date | null },
  password: string,
): Promise<boolean> {
  if (user.emailVerified) return verifyPassword(user.passwordHash, password);
  const attempts = await db.signupAttempt.findMany({
    where: { userId: user.id, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { passwordHash: true },
  });
  const hashes = attempts.length > 0 ? attempts.map((attempt) => attempt.passwordHash) : [user.passwordHash];
  for (const hash of hashes) if (await verifyPassword(hash, password)) return true;
  return false;
}
