import { createHash } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { vi } from "vitest";
import { backgroundIdle } from "@/lib/platform/background";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { drainOutbox } from "@/lib/email/outbox";
import type { RequestMeta } from "@/lib/http/request";
import { registerUser } from "@/lib/accounts/sign-up";
import { createSession } from "@/lib/sessions/sessions";
import type { Prisma } from "@/lib/generated/prisma/client";
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

/**
 * A fresh client address per call, so the per-IP limits of one test never reach another. Each file gets its
 * own range, derived from its name (pass `import.meta.url`), so a new file needs no hand-picked number.
 */
export function metaFactory(fileUrl: string): () => RequestMeta {
  const name = path.basename(new URL(fileUrl).pathname);
  // 14 bits of the name's hash pick the range, 10 bits count the calls: 10.x.y.z, 1,023 addresses a file.
  const range = createHash("sha256").update(name).digest().readUInt16BE(0) >> 2;
  const owner = (ipRanges[range] ??= name);
  if (owner !== name) throw new Error(`${name} and ${owner} hash to the same client addresses; rename one`);
  let n = 0;
  return () => {
    if (++n >= 1024) throw new Error(`${name} used up its 1,023 client addresses`);
    const value = (range << 10) | n;
    return { ip: `10.${(value >> 16) & 255}.${(value >> 8) & 255}.${value & 255}`, userAgent: "vitest" };
  };
}
const ipRanges: Record<number, string> = {};

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
  return registerSchema(env.PASSWORD_MIN_LENGTH).parse({ username, email, password });
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
 * API callers do (with a password sign-in's own writes), and returns its id; null for a failed result (so a
 * failure fails the session checks).
 */
export async function startedSession(
  result: { ok: true; user: { id: string; sessionVersion: number }; writes?: Prisma.Sql[] } | { ok: false },
  kind: "web" | "api" = "web",
): Promise<string | null> {
  return result.ok
    ? createSession(result.user, kind, { ip: null, userAgent: "vitest" }, { writes: result.writes })
    : null;
}

/** The statements sent to PostgreSQL (not the embedded database) while `work` runs, in order. */
export async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const query = pg.Client.prototype.query;
  const spy = vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: pg.Client, ...args) {
    const config = args[0] as unknown as string | { text: string };
    statements.push(typeof config === "string" ? config : config.text);
    return (query as (...a: unknown[]) => unknown).apply(this, args) as never;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return statements;
}
