import "server-only";
import { recordEvent } from "@/lib/accounts/audit";
import { isHeldForUndo } from "@/lib/accounts/email-change";
import { db, embeddedDatabase } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import type { EmailStatus } from "@/lib/generated/prisma/enums";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import { applyMigrations } from "@/lib/platform/migrations";
import { hashPassword } from "@/lib/security/password-hash";
import type { RequestMeta } from "@/lib/http/request";
import { signOutEverywhere } from "@/lib/accounts/sign-out";
import { isLive, revokeAllSessions } from "@/lib/sessions/sessions";
import { clearLoginFailures, lockLogins } from "@/lib/security/login-throttle";
import { rotateSigningKey } from "@/lib/sessions/signing-keys";
import type { Failure, FieldErrors } from "@/lib/shared/result";
import { findUserByLogin, SIGNUP_BUSY, signupTransaction } from "@/lib/accounts/users";
import { normalizeLogin } from "@/lib/shared/email-address";
import { passwordPolicyErrors } from "@/lib/accounts/passwords";
import { queueConfirmation } from "@/lib/accounts/confirmation";
import { disableTwoFactorByOperator } from "@/lib/accounts/two-factor";
import { accountSchema, emailSchema, fieldErrors } from "@/lib/shared/validation";

// What an operator can do to accounts and email: the operator CLI (scripts/accounts.ts) calls these, and
// an admin page can call the same. Operators are trusted, so nothing here hides whether an account exists
// or applies the per-address email limits; every change to an account goes to its audit log, naming who.

/** Who ran an action: `label` goes into the audit event ("cli", "admin:alice"), `meta` its IP and agent. */
export type Actor = { label: string; meta: RequestMeta };

export const EMAIL_STATES = ["pending", "sending", "sent", "failed"] as const satisfies readonly EmailStatus[];

export type AccountSummary = {
  id: string;
  username: string;
  email: string;
  confirmedAt: Date | null;
  roles: string[];
  createdAt: Date;
  /** Two-factor sign-in (authenticator app) is on. */
  twoFactor: boolean;
  /** Sessions (website and API) that would be accepted now. */
  liveSessions: number;
  lastSignInAt: Date | null;
  /** Connected sign-in providers (github, google, oidc). */
  providers: string[];
};

/** The embedded database starts empty; the app migrates it at start, and so must a CLI run before it. */
export async function prepareDatabase(): Promise<void> {
  if (!env.DATABASE_URL) await applyMigrations(embeddedDatabase()!);
}

const findAccount = findUserByLogin;

async function summarize(users: { id: string; sessionVersion: number }[]) {
  const now = new Date();
  const sessions = await db.session.findMany({
    where: { userId: { in: users.map((user) => user.id) } },
    select: { userId: true, version: true, revokedAt: true, expires: true, createdAt: true },
  });
  const accounts = await db.account.findMany({
    where: { userId: { in: users.map((user) => user.id) } },
    select: { userId: true, provider: true },
    orderBy: { provider: "asc" },
  });
  return new Map(
    users.map((user) => {
      const own = sessions.filter((session) => session.userId === user.id);
      const live = own.filter((session) => isLive(session, user.sessionVersion, now));
      const last = own.reduce<Date | null>(
        (latest, s) => (!latest || s.createdAt > latest ? s.createdAt : latest),
        null,
      );
      const providers = accounts.filter((account) => account.userId === user.id).map((account) => account.provider);
      return [user.id, { liveSessions: live.length, lastSignInAt: last, providers }];
    }),
  );
}

type UserRecord = NonNullable<Awaited<ReturnType<typeof findAccount>>>;

async function toSummaries(users: UserRecord[]): Promise<AccountSummary[]> {
  const extra = await summarize(users);
  return users.map((user) => ({
    id: user.id,
    username: user.username,
    email: user.email,
    confirmedAt: user.emailVerified,
    roles: user.roles,
    createdAt: user.createdAt,
    twoFactor: user.totpEnabledAt !== null,
    ...extra.get(user.id)!,
  }));
}

/** Removes the deleted accounts whose grace period is over (the app's hourly job does the same). */
export { purgeDueAccounts } from "@/lib/accounts/account-deletion";

// ---- Accounts ------------------------------------------------------------------------------------------

export type CreateAdminResult =
  { ok: true; account: AccountSummary } | Failure<"invalid" | "username_taken" | "email_taken">;

/** Creates a confirmed account with the admin role, under the same rules as a sign-up. */
export async function createAdmin(
  input: { username: string; email: string; password: string },
  actor: Actor,
): Promise<CreateAdminResult> {
  const parsed = accountSchema(env.PASSWORD_MIN_LENGTH).safeParse(input);
  if (!parsed.success) return { ok: false, error: "invalid", fieldErrors: fieldErrors(parsed.error) as FieldErrors };
  const { username, email, password } = parsed.data;
  const policy = await passwordPolicyErrors(password, { username, email });
  if (policy) return { ok: false, error: "invalid", fieldErrors: policy };

  const taken = async (): Promise<CreateAdminResult | null> => {
    if (await db.user.findUnique({ where: { username }, select: { id: true } }))
      return { ok: false, error: "username_taken" };
    // An address an account may still take back with its undo link counts as taken.
    if ((await db.user.findUnique({ where: { email }, select: { id: true } })) || (await isHeldForUndo(email)))
      return { ok: false, error: "email_taken" };
    return null;
  };
  const clash = await taken();
  if (clash) return clash;

  const passwordHash = await hashPassword(password);
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { username, email, passwordHash, emailVerified: new Date(), roles: ["user", "admin"] },
      });
      await recordEvent(
        tx,
        { type: "signup", userId: created.id, detail: `admin created by ${actor.label}` },
        actor.meta,
      );
      return created;
    });
    return { ok: true, account: (await toSummaries([user]))[0] };
  } catch (error) {
    // Someone took the name or address between the check and the insert.
    if ((error as { code?: string }).code === "P2002") return (await taken()) ?? { ok: false, error: "username_taken" };
    throw error;
  }
}

/** An account's state, by username or email; null when there is none. */
export async function findUser(login: string): Promise<AccountSummary | null> {
  const user = await findAccount(login);
  return user ? (await toSummaries([user]))[0] : null;
}

export type UserPage = { users: AccountSummary[]; total: number; page: number; pages: number; pageSize: number };

/** Accounts, newest first, whose username or email contains `search`. Pages start at 1. */
export async function listUsers({
  search = "",
  page = 1,
  pageSize = 20,
}: { search?: string; page?: number; pageSize?: number } = {}): Promise<UserPage> {
  const term = normalizeLogin(search);
  const where = term ? { OR: [{ username: { contains: term } }, { email: { contains: term } }] } : undefined;
  const total = await db.user.count({ where });
  const users = await db.user.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { username: "asc" }],
    skip: (Math.max(page, 1) - 1) * pageSize,
    take: pageSize,
  });
  return { users: await toSummaries(users), total, page, pages: Math.max(Math.ceil(total / pageSize), 1), pageSize };
}

export type ResendResult = { ok: true; email: string } | Failure<"not_found" | "already_confirmed">;

/** Queues a fresh confirmation link (voiding the older ones) for an unconfirmed account. */
export async function resendConfirmationFor(login: string, actor: Actor): Promise<ResendResult> {
  const user = await findAccount(login);
  if (!user) return { ok: false, error: "not_found" };
  if (user.emailVerified) return { ok: false, error: "already_confirmed" };
  const queued = await signupTransaction(async (tx) => {
    await queueConfirmation(tx, user);
    await recordEvent(tx, { type: "confirmation_resent", userId: user.id, detail: `by ${actor.label}` }, actor.meta);
  });
  if (queued === SIGNUP_BUSY) throw new Error("sign-ups of this address are busy; try again in a moment");
  wakeOutbox();
  return { ok: true, email: user.email };
}

export type RevokeResult = { ok: true; username: string; revoked: number } | Failure<"not_found">;

/** Ends every session of the account, website and API alike; returns how many were live. */
export async function revokeSessionsFor(login: string, actor: Actor): Promise<RevokeResult> {
  const user = await findAccount(login);
  if (!user) return { ok: false, error: "not_found" };
  const { liveSessions } = (await summarize([user])).get(user.id)!;
  await signOutEverywhere(user.id, actor.meta, actor.label);
  return { ok: true, username: user.username, revoked: liveSessions };
}

export type LockResult = { ok: true; username: string; until: Date } | Failure<"not_found">;

/** Locks sign-in (by username and by email) until `until` and ends every session; reset still works. */
export async function lockAccount(login: string, until: Date, actor: Actor): Promise<LockResult> {
  const user = await findAccount(login);
  if (!user) return { ok: false, error: "not_found" };
  await lockLogins([user.username, user.email], until);
  await db.$transaction(async (tx) => {
    await revokeAllSessions(tx, user.id);
    await recordEvent(tx, { type: "login_locked", userId: user.id, detail: `by ${actor.label}` }, actor.meta);
  });
  return { ok: true, username: user.username, until };
}

/** Lifts a lock and forgets failed sign-ins. */
export async function unlockAccount(
  login: string,
  actor: Actor,
): Promise<{ ok: true; username: string } | Failure<"not_found">> {
  const user = await findAccount(login);
  if (!user) return { ok: false, error: "not_found" };
  await clearLoginFailures([user.username, user.email]);
  await recordEvent(db, { type: "login_unlocked", userId: user.id, detail: `by ${actor.label}` }, actor.meta);
  return { ok: true, username: user.username };
}

/**
 * Turns two-factor sign-in off for someone who lost every factor (their identity checked by the operator,
 * outside this system). Recorded with who did it, and the account's owner is told by email.
 */
export async function disableTwoFactorFor(
  login: string,
  actor: Actor,
): Promise<{ ok: true; username: string } | Failure<"not_found" | "not_on">> {
  const user = await findAccount(login);
  if (!user) return { ok: false, error: "not_found" };
  if (!(await disableTwoFactorByOperator(user.id, actor.label, actor.meta))) return { ok: false, error: "not_on" };
  return { ok: true, username: user.username };
}

/** A new key signs API tokens from now on; the old one stays published until its tokens have expired. */
export { rotateSigningKey };

// ---- Email outbox --------------------------------------------------------------------------------------

export type OutboxEntry = {
  id: string;
  to: string;
  subject: string;
  template: string;
  status: EmailStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

/** The newest messages (in one state, or all) and how many are in each state. Never the bodies: an
 * unsent body can hold a live token. */
export async function listOutbox({ state, limit = 50 }: { state?: EmailStatus; limit?: number } = {}) {
  const grouped = await db.emailOutbox.groupBy({ by: ["status"], _count: { _all: true } });
  const counts = Object.fromEntries(EMAIL_STATES.map((s) => [s, 0])) as Record<EmailStatus, number>;
  for (const group of grouped) counts[group.status] = group._count._all;
  const messages: OutboxEntry[] = await db.emailOutbox.findMany({
    where: state ? { status: state } : undefined,
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      to: true,
      subject: true,
      template: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastError: true,
      createdAt: true,
      sentAt: true,
    },
  });
  return { counts, messages };
}

/** Puts every failed message back in line: pending, attempts reset, due now. Returns how many. */
export async function retryFailedEmails(): Promise<number> {
  const { count } = await db.emailOutbox.updateMany({
    where: { status: "failed" },
    data: { status: "pending", attempts: 0, nextAttemptAt: new Date(), lockedUntil: null },
  });
  if (count) wakeOutbox();
  return count;
}

export type TestEmailResult = { ok: true; to: string } | Failure<"invalid">;

/** Queues the `test` template to any address, to prove the email settings end to end. */
export async function queueTestEmail(address: string): Promise<TestEmailResult> {
  const parsed = emailSchema.safeParse(address);
  if (!parsed.success)
    return { ok: false, error: "invalid", fieldErrors: { email: parsed.error.issues.map((issue) => issue.message) } };
  await db.$transaction((tx) =>
    enqueueEmail(tx, parsed.data, "test", {
      locale: env.DEFAULT_LOCALE,
      appName: env.APP_NAME,
      link: `${env.APP_URL}/`,
    }),
  );
  wakeOutbox();
  return { ok: true, to: parsed.data };
}
