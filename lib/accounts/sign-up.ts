import "server-only";
import crypto from "node:crypto";
import { eventInsert } from "@/lib/accounts/audit";
import { prepareFirstLink, signupAttemptWrites, type FirstLink } from "@/lib/accounts/confirmation";
import { isHeldForUndo } from "@/lib/accounts/email-change";
import { passwordPolicyErrors } from "@/lib/accounts/passwords";
import {
  emailLocale,
  isUniqueViolation,
  lockSignup,
  SIGNUP_BUSY,
  signupTransaction,
  usernameHeldCondition,
} from "@/lib/accounts/users";
import { outboxInsert, renderEmail, wakeOutbox, type RenderedEmail } from "@/lib/email/outbox";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RequestMeta } from "@/lib/http/request";
import { db, oneStatement, type Tx } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { ADMISSION_RETRY_AFTER_SECONDS, admitHashWork, hashPassword } from "@/lib/security/password-hash";
import { emailQuota, limitPerIp } from "@/lib/security/rate-limit";
import type { Locale } from "@/lib/shared/locales";
import type { Failure, FieldErrors } from "@/lib/shared/result";
import { accountSchema, fieldErrors, type AccountInput } from "@/lib/shared/validation";

// Sign-up: the website's register action, the JSON API and the operator CLI all call registerUser.

export type RegisterResult =
  { ok: true; email: string } | Failure<"invalid" | "username_taken" | "throttled" | "overloaded">;

/** A taken username, as sign-up and the provider's username step both answer it. */
export const usernameTaken = {
  ok: false,
  error: "username_taken",
  fieldErrors: { username: ["usernameTaken"] },
} as const satisfies RegisterResult;

/**
 * Registers a sign-up attempt, answering the same whether or not the email is already registered: a new
 * address gets an account row and a confirmation link; an unconfirmed one gets one more attempt with its own
 * credentials and link (the earlier attempts keep theirs until one is confirmed); the owner of a confirmed
 * one gets a notice. A taken username is refused whatever email comes with it, so the answer never tells
 * which address goes with a username.
 */
export async function registerUser(
  input: AccountInput,
  meta: RequestMeta,
  options: {
    /**
     * The sign-up this browser made before (its address and username, from the browser's own signed cookie):
     * withdrawn in the same transaction, so a person correcting their address or details is not refused
     * their own username, and the earlier link stops working.
     */
    replaces?: { email: string; username: string } | null;
  } = {},
): Promise<RegisterResult> {
  // Callers validate for their own messages; this re-check keeps the invariants (normalised email,
  // lower-case username, length window) whoever calls.
  const parsed = accountSchema(env.PASSWORD_MIN_LENGTH).safeParse(input);
  if (!parsed.success) return { ok: false, error: "invalid", fieldErrors: fieldErrors(parsed.error) as FieldErrors };
  // Before any database work: a flood beyond what the hash threads can take is refused here, cheaply.
  const admission = admitHashWork();
  if (!admission) return { ok: false, error: "overloaded", retryAfterSeconds: ADMISSION_RETRY_AFTER_SECONDS };
  try {
    return await register(parsed.data, meta, options.replaces ?? null);
  } finally {
    admission.release();
  }
}

async function register(
  { username, email, password }: AccountInput,
  meta: RequestMeta,
  replaces: { email: string; username: string } | null,
): Promise<RegisterResult> {
  // The limit comes before any expensive work, so a flood costs little.
  const throttled = await limitPerIp(meta, "signup");
  if (throttled) return throttled;
  // The hash and the strength check run on threads of their own while the address is looked up here, and
  // the hash is awaited whatever happens next, so every path takes the time of one hash.
  const hashing = hashPassword(password);
  const checking = passwordPolicyErrors(password, { username, email });
  const registered = await db.user.findUnique({
    where: { email },
    select: { id: true, username: true, locale: true, emailVerified: true },
  });
  const locale = meta.locale ?? env.DEFAULT_LOCALE;
  const preparing = prepareSignupEmail(registered, username, locale);
  // An account changed away from this address and may still take it back: nobody else may register it.
  const heldForUndo = !registered && (await isHeldForUndo(email));
  const policy = await checking;
  // The owner's per-address email cap is counted before the transaction, which must not wait on a second
  // connection; only for a sign-up that may go ahead.
  const emailAllowed = registered && !policy ? await emailQuota(email) : false;
  const passwordHash = await hashing;
  const prepared = await preparing;
  if (policy) return { ok: false, error: "invalid", fieldErrors: policy };

  try {
    const outcome = await signupTransaction(async (tx) => {
      await lockSignup(tx, { email, username });
      if (replaces) await withdrawSignupAttempt(tx, replaces);
      const { staleHolder, usernameHeld, existing } = await readSignupState(tx, { username, email });
      if (staleHolder) await releaseStaleHold(tx, staleHolder);
      if (usernameHeld) return "username_taken";
      if (!existing && heldForUndo) return "held";
      // Each branch writes in one statement: the new rows, the email and the audit event.
      if (!existing) {
        const user = { id: crypto.randomUUID(), email };
        const link = prepared.link ?? (await prepareFirstLink(username, locale));
        await tx.$executeRaw(
          oneStatement([
            accountInsert({ ...user, username, passwordHash, locale }),
            ...signupAttemptWrites(user, { username, passwordHash }, locale, link),
            eventInsert({ type: "signup", userId: user.id }, meta),
          ]),
        );
        return "created";
      }
      // A parallel sign-up that created the account first was not counted against the cap: send nothing.
      if (!emailAllowed) return "capped";
      const event = eventInsert({ type: "signup_existing_email", userId: existing.id }, meta);
      if (existing.emailVerified) {
        const notice = prepared.notice?.isFor(existing) ? prepared.notice.email : await renderOwnerNotice(existing);
        await tx.$executeRaw(oneStatement([outboxInsert(existing.email, "already-registered", notice), event]));
      } else {
        const link = prepared.link ?? (await prepareFirstLink(username, locale));
        await tx.$executeRaw(
          oneStatement([...signupAttemptWrites(existing, { username, passwordHash }, locale, link), event]),
        );
      }
      return "notified";
    });
    if (outcome === "username_taken") return usernameTaken;
    if (outcome === SIGNUP_BUSY) return { ok: false, error: "throttled", retryAfterSeconds: 1 };
  } catch (error) {
    // Accounts made outside sign-up (the operator's create-admin) take no sign-up lock.
    if (!isUniqueViolation(error)) throw error;
    if (await db.user.findUnique({ where: { username }, select: { id: true } })) return usernameTaken;
  }
  wakeOutbox();
  return { ok: true, email };
}

/**
 * The INSERT of a new, unconfirmed account. It speaks the language it was made in (the page's, or the API's
 * Accept-Language). Other flows create accounts through Prisma; sign-up writes this row in the statement that
 * also records its attempt, link, email and event.
 */
function accountInsert(account: { id: string; username: string; email: string; passwordHash: string; locale: Locale }) {
  const { id, username, email, passwordHash, locale } = account;
  return Prisma.sql`
    INSERT INTO "User" (id, username, email, "passwordHash", locale, "updatedAt")
    VALUES (${id}::uuid, ${username}, ${email}, ${passwordHash}, ${locale}, ${new Date()})`;
}

type OwnerOfAddress = { username: string; locale: string | null };

/**
 * The one email a sign-up sends, rendered while its password hash runs so that the transaction only writes:
 * the owner's notice when the address has a confirmed account, else the new attempt's first link. Every
 * sign-up renders one, whichever it is, so the branches take alike. The transaction renders again only when
 * the account changed in between.
 */
async function prepareSignupEmail(
  registered: (OwnerOfAddress & { emailVerified: Date | null }) | null,
  username: string,
  locale: Locale,
): Promise<{ link?: FirstLink; notice?: { email: RenderedEmail; isFor: (owner: OwnerOfAddress) => boolean } }> {
  if (!registered?.emailVerified) return { link: await prepareFirstLink(username, locale) };
  const email = await renderOwnerNotice(registered);
  const isFor = (owner: OwnerOfAddress) => owner.username === registered.username && owner.locale === registered.locale;
  return { notice: { email, isFor } };
}

/** "Someone tried to sign up with your address": to the owner of a confirmed account. */
function renderOwnerNotice(owner: OwnerOfAddress) {
  return renderEmail("already-registered", {
    // The owner's language, not the visitor's: the visitor may not be the owner.
    locale: emailLocale(owner),
    appName: env.APP_NAME,
    username: owner.username,
    loginLink: `${env.APP_URL}/login`,
    resetLink: `${env.APP_URL}/forgot-password`,
  });
}

/**
 * Withdraws the live sign-up attempt with this username for this still unconfirmed address, with its links.
 * An unconfirmed account left with no live attempt goes too (nothing of it was ever proven); one that keeps
 * other attempts takes the newest one's username, so the withdrawn username is free again.
 */
async function withdrawSignupAttempt(tx: Tx, { email, username }: { email: string; username: string }) {
  await lockSignup(tx, { email, username });
  const user = await tx.user.findUnique({ where: { email } });
  if (!user || user.emailVerified) return;
  await tx.signupAttempt.deleteMany({ where: { userId: user.id, username } });
  const left = await tx.signupAttempt.findFirst({
    where: { userId: user.id, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
  });
  if (!left) await tx.user.delete({ where: { id: user.id } });
  else if (user.username === username)
    await tx.user.update({ where: { id: user.id }, data: { username: left.username } });
}

type SignupState = {
  /** An unconfirmed account with this username whose every sign-up link has expired. */
  staleHolder: { id: string; email: string } | null;
  /** Whether anyone else (an account, a live attempt) holds the username. */
  usernameHeld: boolean;
  /** The address's account, unless it is the stale holder. */
  existing: (OwnerOfAddress & { id: string; email: string; emailVerified: Date | null }) | null;
};

/**
 * Everything a sign-up decides on, read in one statement once its locks are held (a statement of its own:
 * one that also took the locks would read the database as it was before them).
 */
async function readSignupState(tx: Tx, { username, email }: { username: string; email: string }): Promise<SignupState> {
  const now = new Date();
  // A side's other columns are null exactly when its id is (no stale holder, no account at the address).
  const [row] = await tx.$queryRaw<
    {
      staleId: string | null;
      staleEmail: string;
      usernameHeld: boolean;
      ownerId: string | null;
      ownerEmail: string;
      ownerUsername: string;
      ownerLocale: string | null;
      ownerEmailVerified: Date | null;
    }[]
  >`
    WITH stale AS (
      SELECT u.id, u.email FROM "User" u
      WHERE u.username = ${username} AND u."emailVerified" IS NULL
        AND NOT EXISTS (SELECT 1 FROM "SignupAttempt" a WHERE a."userId" = u.id AND a."expiresAt" > ${now})
        AND NOT EXISTS (SELECT 1 FROM "Token" t
                        WHERE t."userId" = u.id AND t."usedAt" IS NULL AND t."expiresAt" > ${now})
    )
    SELECT stale.id AS "staleId", stale.email AS "staleEmail",
           ${usernameHeldCondition(username, Prisma.sql`stale.id`)} AS "usernameHeld",
           owner.id AS "ownerId", owner.email AS "ownerEmail", owner.username AS "ownerUsername",
           owner.locale AS "ownerLocale", owner."emailVerified" AS "ownerEmailVerified"
    FROM (SELECT 1) AS one
    LEFT JOIN stale ON true
    LEFT JOIN "User" AS owner ON owner.email = ${email} AND owner.id IS DISTINCT FROM stale.id`;
  return {
    staleHolder: row.staleId ? { id: row.staleId, email: row.staleEmail } : null,
    usernameHeld: row.usernameHeld,
    existing: row.ownerId
      ? {
          id: row.ownerId,
          email: row.ownerEmail,
          username: row.ownerUsername,
          locale: row.ownerLocale,
          emailVerified: row.ownerEmailVerified,
        }
      : null,
  };
}

/**
 * An unconfirmed account whose every sign-up link has expired holds its username no longer: the row goes,
 * and the username with it (nothing of it was ever proven; the address can sign up again).
 */
async function releaseStaleHold(tx: Tx, stale: { id: string; email: string }) {
  await lockSignup(tx, { email: stale.email });
  await tx.user.delete({ where: { id: stale.id } });
}
