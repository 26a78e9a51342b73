import { backgroundIdle } from "@/lib/platform/background";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { drainOutbox } from "@/lib/email/outbox";
import type { RequestMeta } from "@/lib/http/request";
import { registerUser } from "@/lib/accounts/sign-up";
import { createSession } from "@/lib/sessions/sessions";
import { registerSchema } from "@/lib/shared/validation";
import { linkIn, Mailbox } from "../support/mailbox";

// Shared by the accounts and token tests. Every file runs against the same database and mail catcher, so
// names and client addresses are unique per call, and each test owns the accounts it creates.

export const PASSWORD = "correct horse battery staple 42";
export const CONFIRM_SUBJECT = /^Confirm your email for /;
export const EXISTING_SUBJECT = /^Someone tried to sign up to .* with your address$/;

const catcher = process.env.MAIL_CATCHER_URL!;
const runId = Date.now().toString(36);
let counter = 0;

/** A username nobody has used in this run (and that a password cannot contain by accident). */
export function uniqueName(label: string): string {
  return `${label}${runId}x${counter++}`;
}

/** A fresh client address per call, so the per-IP limits of one test never reach another. */
export function metaFactory(fileNumber: number): () => RequestMeta {
  let n = 0;
  return () => ({ ip: `10.${fileNumber}.${++n}.1`, userAgent: "vitest" });
}

export function mailbox(address: string): Mailbox {
  return new Mailbox(catcher, address);
}

/** Finishes background work (resends, reset requests), then delivers everything due in the outbox. */
export async function deliverAll(): Promise<void> {
  await backgroundIdle();
  while ((await drainOutbox({ limit: 50 })).sent > 0);
}

/** The `token` query parameter of the confirmation link in the `count`-th confirmation email. */
export async function confirmationToken(address: string, count = 1): Promise<string> {
  await deliverAll();
  const message = await mailbox(address).waitFor(CONFIRM_SUBJECT, { count });
  return new URL(linkIn(message, `${env.APP_URL}/confirm`)).searchParams.get("token")!;
}

/** Parses sign-up input with the same schema the register form and the API use, as they do. */
export function signUpInput(username: string, email: string, password = PASSWORD) {
  return registerSchema(env.PASSWORD_MIN_LENGTH).parse({ username, email, password, confirmPassword: password });
}

/** Registers an account through registerUser and returns its row (unconfirmed). */
export async function registeredUser(label: string, meta: RequestMeta) {
  const username = uniqueName(label);
  const email = `${username}@example.test`;
  const result = await registerUser(signUpInput(username, email), meta);
  if (!result.ok) throw new Error(`sign-up of ${username} failed: ${JSON.stringify(result)}`);
  return db.user.findUniqueOrThrow({ where: { username } });
}

/**
 * Starts a session for the user of a successful sign-in, confirmation or password result, as the website and
 * API callers do, and returns its id; null for a failed result (so a failure fails the session checks).
 */
export async function startedSession(
  result: { ok: true; user: { id: string; sessionVersion: number } } | { ok: false },
  kind: "web" | "api" = "web",
): Promise<string | null> {
  return result.ok ? createSession(result.user, kind, { ip: null, userAgent: "vitest" }) : null;
}
