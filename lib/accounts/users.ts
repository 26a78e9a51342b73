import "server-only";
import { db, directSql, type Tx } from "@/lib/platform/db";
import { Prisma, type User } from "@/lib/generated/prisma/client";
import { loginKey } from "@/lib/security/login-throttle";
import { verifyPassword } from "@/lib/security/password-hash";
import { env } from "@/lib/platform/env";
import { isLocale, type Locale } from "@/lib/shared/locales";

// The account row as the flows use it, how a sign-in name finds it, and the rules every flow shares about
// unconfirmed sign-ups (see SECURITY.md, "Proof of the address decides").

export type UserRow = {
  id: string;
  username: string;
  email: string;
  emailVerified: Date | null;
  roles: string[];
  /** The account's language (lib/shared/locales); null when it never chose one. */
  locale: string | null;
  // A session started for this row is live only at this version (lib/sessions/sessions).
  sessionVersion: number;
  /** Set while the account waits out its deletion's grace period; a sign-in clears it (lib/accounts/account-deletion). */
  deletionDueAt: Date | null;
};

/** What a successful sign-in hands to the session it starts (and to the rules a sign-in triggers). */
export type SignedInUser = Pick<
  UserRow,
  "id" | "username" | "email" | "roles" | "locale" | "sessionVersion" | "deletionDueAt"
>;

export function isUniqueViolation(error: unknown): boolean {
  // Through driver adapters P2002 arrives without meta.target, so only the code is reliable. A raw statement's
  // violation (sign-up writes its account in one) arrives as P2010 with the adapter's kind of error.
  const { code, meta } = (error ?? {}) as {
    code?: string;
    meta?: { driverAdapterError?: { cause?: { kind?: string } } };
  };
  return (
    code === "P2002" || (code === "P2010" && meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation")
  );
}

/** Thrown inside a sign-up transaction when another transaction holds one of its address's or username's locks. */
class SignupBusy extends Error {}

/**
 * Serialises, for the rest of the transaction, everything that creates, activates or voids sign-up attempts
 * of these addresses and usernames. Transaction-scoped, so it holds behind a transaction-mode pooler. It
 * never waits (so the order the keys are taken in cannot deadlock): a transaction that waited for the lock
 * would hold a pooled connection idle meanwhile, and a flood of sign-ups for one address would take every
 * connection of the pool from the rest of the site. Run the transaction with `signupTransaction`, which
 * tries again later. One statement for all the keys.
 */
export async function lockSignup(tx: Tx, keys: { email?: string; username?: string }) {
  const names = [keys.email && `signup:email:${keys.email}`, keys.username && `signup:username:${keys.username}`]
    .filter((name): name is string => Boolean(name))
    .map((name) => Prisma.sql`(${name})`);
  // bool_and reads every row, so each key is tried; a refusal rolls the transaction back, releasing the rest.
  const [row] = await tx.$queryRaw<{ locked: boolean }[]>`
    SELECT bool_and(pg_try_advisory_xact_lock(hashtext(key.name))) AS locked
    FROM (VALUES ${Prisma.join(names)}) AS key(name)`;
  if (!row.locked) throw new SignupBusy();
}

export const SIGNUP_BUSY = "signup_busy";
const SIGNUP_TRIES = 60;

/**
 * Runs a transaction that takes `lockSignup`. While another transaction holds the lock this one rolls back
 * (giving its connection back), waits a little and starts again; after SIGNUP_TRIES tries (several seconds)
 * it gives up and answers SIGNUP_BUSY, which callers report as "try again later".
 */
export async function signupTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T | typeof SIGNUP_BUSY> {
  for (let attempt = 1; ; attempt++) {
    try {
      // maxWait: a flood of these queues for pooled connections; waiting for one is not an error.
      return await db.$transaction(work, { maxWait: 10_000 });
    } catch (error) {
      if (!(error instanceof SignupBusy)) throw error;
      if (attempt === SIGNUP_TRIES) return SIGNUP_BUSY;
      // Growing, jittered pauses, so the waiting transactions do not all come back at once.
      const pause = Math.min(20 * 2 ** attempt, 250) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/**
 * Whether a username is taken: by an account (confirmed or not) or by a live sign-up attempt, whatever
 * address comes with it. `exceptUserId` ignores the holder's own account and attempts. One statement; sign-up
 * asks it inside the statement that reads everything it decides on (`usernameHeldCondition`).
 */
export async function usernameHeld(tx: Tx, username: string, exceptUserId?: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ held: boolean }[]>`
    SELECT ${usernameHeldCondition(username, Prisma.sql`${exceptUserId ?? null}::uuid`)} AS held`;
  return row.held;
}

/** `usernameHeld` as an SQL condition, for a statement that asks it among other things; `except` is a uuid expression. */
export function usernameHeldCondition(username: string, except: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(EXISTS (SELECT 1 FROM "User" u WHERE u.username = ${username} AND u.id IS DISTINCT FROM ${except})
        OR EXISTS (SELECT 1 FROM "SignupAttempt" a
                   WHERE a.username = ${username} AND a."expiresAt" > ${new Date()}
                     AND a."userId" IS DISTINCT FROM ${except}))`;
}

/**
 * How many ways the account has to sign in: its password, each connected provider, each passkey. The last
 * one can never be removed. Locks the user row, so two removals at once count one after the other.
 */
export async function waysToSignIn(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ ways: number }[]>`
    SELECT ((u."passwordHash" IS NOT NULL)::int
            + (SELECT count(*) FROM "Account" a WHERE a."userId" = u.id)
            + (SELECT count(*) FROM "Passkey" p WHERE p."userId" = u.id))::int AS ways
    FROM "User" u WHERE u.id = ${userId}::uuid FOR UPDATE`;
  return row?.ways ?? 0;
}

/**
 * The user a sign-in name points at: an email when it holds "@", else a username (of an account, or of a
 * live sign-up attempt, whose address's account it names, unless that account is confirmed already).
 * One statement on the client's own pool, not through Prisma: it runs before every sign-in's hash, where a
 * Prisma model query cost more than the lookup (bench/README.md; lib/platform/db directQuery).
 */
export async function findUserByLogin(login: string): Promise<User | null> {
  const [row] = await directSql<FoundUser>(userByLoginQuery(login));
  return userFromRow(row);
}

/** A row of userByLoginQuery: the user's columns and how the name found it. */
export type FoundUser = User & { found_by: number };

/**
 * The statement behind findUserByLogin: at most one row, the user's columns and `found_by`. A sign-in joins
 * it into the one statement it makes before its hash (lib/accounts/sign-in); userFromRow reads the row.
 */
export function userByLoginQuery(login: string): Prisma.Sql {
  const identifier = loginKey(login);
  if (identifier.includes("@"))
    return Prisma.sql`SELECT u.*, 0 AS found_by FROM "User" u WHERE u.email = ${identifier}`;
  return Prisma.sql`
    SELECT * FROM (
      (SELECT u.*, 0 AS found_by FROM "User" u WHERE u.username = ${identifier})
      UNION ALL
      (SELECT u.*, 1 AS found_by FROM "SignupAttempt" a JOIN "User" u ON u.id = a."userId"
       WHERE a.username = ${identifier} AND a."expiresAt" > ${new Date()}
       ORDER BY a."createdAt" DESC LIMIT 1)
    ) found
    WHERE found_by = 0 OR "emailVerified" IS NULL
    ORDER BY found_by LIMIT 1`;
}

/** The user of a userByLoginQuery row; null for no row, or for a row of a LEFT JOIN that found no user. */
export function userFromRow(row: FoundUser | undefined): User | null {
  if (!row?.id) return null;
  const { found_by: _, ...user } = row;
  return user;
}

/**
 * Whether `password` is the account's. An unconfirmed account has no password of its own yet: each live
 * sign-up attempt's password counts (newest first), so every person who signed up hears "confirm your email
 * first" and nobody hears whose attempt it was.
 */
export async function verifyAccountPassword(
  user: { id: string; passwordHash: string | null; emailVerified: Date | null },
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

/** Saves the account's language: its pages and emails use it from now on. */
export async function saveLocale(userId: string, locale: Locale) {
  await db.user.update({ where: { id: userId }, data: { locale } });
}

/**
 * The language of an email to this account: the account's saved choice, else the language of the request
 * that caused it (a page, or the API's Accept-Language), else DEFAULT_LOCALE.
 */
export function emailLocale(user: { locale: string | null } | null, meta?: { locale?: Locale }): Locale {
  if (user && isLocale(user.locale)) return user.locale;
  return meta?.locale ?? env.DEFAULT_LOCALE;
}
