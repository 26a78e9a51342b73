import "server-only";
import { recordEvent } from "@/lib/accounts/audit";
import { queueConfirmation } from "@/lib/accounts/confirmation";
import { passwordPolicyErrors } from "@/lib/accounts/passwords";
import { isUniqueViolation, type UserRow } from "@/lib/accounts/users";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import type { RequestMeta } from "@/lib/http/request";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { hashPassword } from "@/lib/security/password-hash";
import { hit, LIMITS } from "@/lib/security/rate-limit";
import type { Failure, FieldErrors } from "@/lib/shared/result";
import { accountSchema, fieldErrors, type AccountInput } from "@/lib/shared/validation";

// Sign-up: the website's register action, the JSON API and the operator CLI all call registerUser.

export type RegisterResult = { ok: true; email: string } | Failure<"invalid" | "username_taken" | "throttled">;

/**
 * Registers an account, answering the same whether or not the email is already registered (the owner of a
 * registered address gets a notice instead, or a fresh confirmation if the account is unconfirmed).
 */
export async function registerUser(input: AccountInput, meta: RequestMeta): Promise<RegisterResult> {
  // Callers validate for their own messages; this re-check keeps the invariants (normalised email,
  // lower-case username, length window) whoever calls.
  const parsed = accountSchema(env.PASSWORD_MIN_LENGTH).safeParse(input);
  if (!parsed.success) return { ok: false, error: "invalid", fieldErrors: fieldErrors(parsed.error) as FieldErrors };
  const { username, email, password } = parsed.data;
  // The limit comes before any expensive work, so a flood costs little.
  if (meta.ip) {
    const limit = await hit(`signup:ip:${meta.ip}`, LIMITS.signupsPerIp);
    if (!limit.allowed) return { ok: false, error: "throttled", retryAfterSeconds: limit.retryAfterSeconds };
  }
  // The hash (on its own thread) runs while the policy is checked here, and it is awaited whatever happens
  // next, so every path takes the time of one hash.
  const hashing = hashPassword(password);
  const policy = passwordPolicyErrors(password, { username, email });
  // Who holds this username or this email already, looked up while the hash finishes.
  const holders = policy ? [] : await db.user.findMany({ where: { OR: [{ username }, { email }] } });
  const passwordHash = await hashing;
  if (policy) return { ok: false, error: "invalid", fieldErrors: policy };
  const usernameTaken: RegisterResult = {
    ok: false,
    error: "username_taken",
    fieldErrors: { username: ["That username is taken. Try another."] },
  };
  // The same username with the same email is a resubmission (a double click), not a clash.
  const owner = holders.find((holder) => holder.username === username);
  if (owner && owner.email !== email) return usernameTaken;

  try {
    const existing = holders.find((holder) => holder.email === email);
    if (existing) {
      await notifyExistingAccount(existing, meta);
    } else {
      await db.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { username, email, passwordHash } });
        await queueConfirmation(tx, user);
        await recordEvent(tx, { type: "signup", userId: user.id }, meta);
      });
    }
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A parallel sign-up won the race for this username or this email.
    const winner = await db.user.findUnique({ where: { email } });
    if (!winner || winner.username !== username) {
      if (await db.user.findUnique({ where: { username }, select: { id: true } })) return usernameTaken;
    }
    if (winner) await notifyExistingAccount(winner, meta);
  }
  wakeOutbox();
  return { ok: true, email };
}

async function notifyExistingAccount(user: UserRow, meta: RequestMeta) {
  if (!(await hit(`email:${user.email}`, LIMITS.emailsPerAddress)).allowed) return;
  await db.$transaction(async (tx) => {
    if (user.emailVerified) {
      await enqueueEmail(tx, user.email, "already-registered", {
        appName: env.APP_NAME,
        username: user.username,
        loginLink: `${env.APP_URL}/login`,
        resetLink: `${env.APP_URL}/forgot-password`,
      });
    } else {
      await queueConfirmation(tx, user);
    }
    await recordEvent(tx, { type: "signup_existing_email", userId: user.id }, meta);
  });
}
