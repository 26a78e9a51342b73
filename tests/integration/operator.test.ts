import { describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import { drainOutbox, enqueueEmail, REDACTED } from "@/lib/email/outbox";
import {
  createAdmin,
  findUser,
  listOutbox,
  listUsers,
  lockAccount,
  queueTestEmail,
  resendConfirmationFor,
  retryFailedEmails,
  revokeSessionsFor,
  rotateSigningKey,
  unlockAccount,
} from "@/lib/accounts/operator";
import { publishedJwks } from "@/lib/sessions/signing-keys";
import { validateSession } from "@/lib/sessions/sessions";
import { peekToken } from "@/lib/security/tokens";
import { confirmEmail } from "@/lib/accounts/confirmation";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import {
  CONFIRM_SUBJECT,
  confirmationToken,
  deliverAll,
  mailbox,
  metaFactory,
  PASSWORD,
  registeredUser,
  uniqueName,
  startedSession,
} from "./accounts-support";

const meta = metaFactory(import.meta.url);
const actor = { label: "cli", meta: { ip: null, userAgent: "operator CLI" } };

function newAdmin(label = "admin") {
  const username = uniqueName(label);
  return { username, email: `${username}@example.test`, password: PASSWORD };
}

describe("operator: create-admin", () => {
  it("creates a confirmed account with the admin role that can sign in at once", async () => {
    const input = newAdmin();
    const result = await createAdmin({ ...input, email: `  ${input.email.toUpperCase()} ` }, actor);
    expect(result).toMatchObject({ ok: true, account: { username: input.username, email: input.email } });

    const user = await db.user.findUniqueOrThrow({ where: { username: input.username } });
    expect(user.roles).toEqual(["user", "admin"]);
    expect(user.emailVerified).toBeInstanceOf(Date);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const signIn = await signInWithPassword(input.username, input.password, "web", meta());
    expect(signIn.ok).toBe(true);

    const event = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "signup" } });
    expect(event.detail).toBe("admin created by cli");
    expect(event.userAgent).toBe("operator CLI");
  });

  it("applies the password policy and creates nothing when it is broken", async () => {
    const short = newAdmin();
    const tooShort = await createAdmin({ ...short, password: "short pass" }, actor);
    expect(tooShort).toMatchObject({ ok: false, error: "invalid" });
    expect(tooShort.ok || tooShort.fieldErrors?.password?.[0]).toBe("passwordTooShort");

    const named = newAdmin();
    const withName = await createAdmin({ ...named, password: `${named.username} is my password` }, actor);
    expect(withName.ok || withName.fieldErrors?.password).toEqual(["passwordContainsUsername"]);

    const common = await createAdmin({ ...newAdmin(), password: "passwordpassword" }, actor);
    expect(common.ok || common.fieldErrors?.password?.[0]).toBe("passwordTooGuessable");

    const badName = await createAdmin({ ...newAdmin(), username: "no spaces allowed" }, actor);
    expect(badName.ok || Object.keys(badName.fieldErrors ?? {})).toEqual(["username"]);

    const users = await db.user.count({ where: { username: { in: [short.username, named.username] } } });
    expect(users).toBe(0);
  });

  it("refuses a taken username and a taken email, whatever its case", async () => {
    const first = newAdmin();
    expect((await createAdmin(first, actor)).ok).toBe(true);
    expect(await createAdmin({ ...newAdmin(), username: first.username }, actor)).toEqual({
      ok: false,
      error: "username_taken",
    });
    expect(await createAdmin({ ...newAdmin(), email: first.email.toUpperCase() }, actor)).toEqual({
      ok: false,
      error: "email_taken",
    });
  });
});

describe("operator: find and users", () => {
  it("finds an account by username or email and shows its state", async () => {
    const user = await registeredUser("find", meta());
    const unconfirmed = await findUser(user.email.toUpperCase());
    expect(unconfirmed).toMatchObject({
      username: user.username,
      email: user.email,
      confirmedAt: null,
      roles: ["user"],
      liveSessions: 0,
      lastSignInAt: null,
    });

    await startedSession(await confirmEmail(await confirmationToken(user.email), meta()));
    await startedSession(await signInWithPassword(user.username, PASSWORD, "web", meta()), "api");
    const confirmed = await findUser(` ${user.username.toUpperCase()} `);
    expect(confirmed?.confirmedAt).toBeInstanceOf(Date);
    expect(confirmed?.liveSessions).toBe(2);
    expect(confirmed?.lastSignInAt).toBeInstanceOf(Date);
  });

  it("answers null for an account that does not exist", async () => {
    expect(await findUser(uniqueName("nobody"))).toBeNull();
    expect(await findUser(`${uniqueName("nobody")}@example.test`)).toBeNull();
  });

  it("lists accounts newest first, filtered by a search and split into pages", async () => {
    const tag = uniqueName("paging");
    for (const n of [1, 2, 3]) {
      const account = { username: `${tag}n${n}`, email: `n${n}.${tag}@example.test`, password: PASSWORD };
      expect((await createAdmin(account, actor)).ok).toBe(true);
    }
    const first = await listUsers({ search: tag.toUpperCase(), page: 1, pageSize: 2 });
    expect(first).toMatchObject({ total: 3, page: 1, pages: 2, pageSize: 2 });
    const second = await listUsers({ search: tag, page: 2, pageSize: 2 });
    const names = [...first.users, ...second.users].map((user) => user.username);
    expect(names).toEqual([`${tag}n3`, `${tag}n2`, `${tag}n1`]);

    const byEmail = await listUsers({ search: `n2.${tag}` });
    expect(byEmail.users.map((user) => user.email)).toEqual([`n2.${tag}@example.test`]);
    expect((await listUsers({ search: uniqueName("nomatch") })).total).toBe(0);
  });
});

describe("operator: resend-confirmation and revoke-sessions", () => {
  it("sends a fresh confirmation link that works, and voids the old one", async () => {
    const user = await registeredUser("resend", meta());
    const oldToken = await confirmationToken(user.email);

    expect(await resendConfirmationFor(user.username, actor)).toEqual({ ok: true, email: user.email });
    const newToken = await confirmationToken(user.email, 2);
    expect(newToken).not.toBe(oldToken);
    expect((await peekToken(oldToken, "confirm_email")).state).toBe("replaced");
    expect((await confirmEmail(newToken, meta())).ok).toBe(true);

    const event = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: "confirmation_resent" } });
    expect(event.detail).toBe("by cli");
  });

  it("does not resend to a confirmed account, and says when there is no account", async () => {
    const admin = newAdmin();
    await createAdmin(admin, actor);
    expect(await resendConfirmationFor(admin.email, actor)).toEqual({ ok: false, error: "already_confirmed" });
    expect(await resendConfirmationFor(uniqueName("ghost"), actor)).toEqual({ ok: false, error: "not_found" });
    await deliverAll();
    expect((await mailbox(admin.email).messages()).filter((m) => CONFIRM_SUBJECT.test(m.subject))).toHaveLength(0);
  });

  it("ends every website and API session of the account", async () => {
    const admin = newAdmin();
    await createAdmin(admin, actor);
    const web = await signInWithPassword(admin.username, PASSWORD, "web", meta());
    const api = await signInWithPassword(admin.email, PASSWORD, "web", meta());
    if (!web.ok || !api.ok) throw new Error("sign-in failed");
    const webSession = await startedSession(web);
    const apiSession = await startedSession(api, "api");
    expect(await validateSession(webSession)).not.toBeNull();

    expect(await revokeSessionsFor(admin.email, actor)).toEqual({ ok: true, username: admin.username, revoked: 2 });
    expect(await validateSession(webSession)).toBeNull();
    expect(await validateSession(apiSession)).toBeNull();
    expect((await findUser(admin.username))?.liveSessions).toBe(0);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { userId: web.user.id, type: "sessions_revoked" },
    });
    expect(event.detail).toBe("by cli");

    expect(await revokeSessionsFor(uniqueName("ghost"), actor)).toEqual({ ok: false, error: "not_found" });
  });
});

describe("operator: lock, unlock and rotate-signing-key", () => {
  it("locks sign-in by username and email and signs out everywhere, until unlocked", async () => {
    const input = newAdmin("lockme");
    await createAdmin(input, actor);
    const before = await signInWithPassword(input.username, input.password, "web", meta());
    expect(before.ok).toBe(true);
    const beforeSession = await startedSession(before);

    const until = new Date(Date.now() + 2 * 3600_000);
    expect(await lockAccount(input.email.toUpperCase(), until, actor)).toMatchObject({
      ok: true,
      username: input.username,
    });
    expect(await validateSession(beforeSession)).toBeNull();
    for (const login of [input.username, input.email]) {
      const refused = await signInWithPassword(login, input.password, "web", meta());
      expect(refused).toMatchObject({ ok: false, error: "throttled" });
      expect(!refused.ok && refused.retryAfterSeconds).toBeGreaterThan(7000);
    }

    expect(await unlockAccount(input.username, actor)).toMatchObject({ ok: true });
    expect((await signInWithPassword(input.username, input.password, "web", meta())).ok).toBe(true);
    expect(await lockAccount("nobody-here", until, actor)).toEqual({ ok: false, error: "not_found" });
  });

  it("rotates the API signing key and keeps the old one published", async () => {
    const before = (await publishedJwks()).keys.map((key) => key.kid);
    const { kid } = await rotateSigningKey();
    const after = (await publishedJwks()).keys.map((key) => key.kid);
    expect(before).not.toContain(kid);
    expect(after).toContain(kid);
    for (const old of before) expect(after).toContain(old);
  });
});

describe("operator: outbox, retry-failed and send-test-email", () => {
  async function failedEmail(to: string) {
    await db.$transaction((tx) =>
      enqueueEmail(tx, to, "test", { locale: "en", appName: "Accounts", link: "http://localhost:3000/" }),
    );
    const row = await db.emailOutbox.findFirstOrThrow({ where: { to } });
    return db.emailOutbox.update({
      where: { id: row.id },
      data: {
        status: "failed",
        attempts: 8,
        lastError: "connect ECONNREFUSED",
        nextAttemptAt: new Date(Date.now() + 3600_000),
      },
    });
  }

  it("lists messages by state with counts, and never their bodies", async () => {
    const to = `${uniqueName("outbox")}@example.test`;
    const row = await failedEmail(to);
    const { counts, messages } = await listOutbox({ state: "failed" });
    expect(counts.failed).toBeGreaterThanOrEqual(1);
    expect(messages.every((message) => message.status === "failed")).toBe(true);
    const listed = messages.find((message) => message.id === row.id);
    expect(listed).toMatchObject({ to, status: "failed", attempts: 8, lastError: "connect ECONNREFUSED" });
    expect(Object.keys(listed!)).not.toContain("html");
    expect(Object.keys(listed!)).not.toContain("text");
    expect((await listOutbox({ state: "sent" })).messages.some((message) => message.id === row.id)).toBe(false);
  });

  it("puts failed messages back in line, due now with fresh attempts, and they are delivered", async () => {
    const to = `${uniqueName("retry")}@example.test`;
    const row = await failedEmail(to);
    const before = Date.now();
    expect(await retryFailedEmails()).toBeGreaterThanOrEqual(1);
    const retried = await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } });
    expect(retried).toMatchObject({ status: "pending", attempts: 0 });
    expect(retried.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(retried.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await db.emailOutbox.count({ where: { status: "failed" } })).toBe(0);

    await deliverAll();
    await mailbox(to).waitFor(/test message/);
    expect(await db.emailOutbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "sent",
      text: REDACTED,
    });
  });

  it("queues a test email that reaches the SMTP server, and refuses a malformed address", async () => {
    const to = `${uniqueName("smtp")}@example.test`;
    expect(await queueTestEmail(` ${to.toUpperCase()} `)).toEqual({ ok: true, to });
    while ((await drainOutbox({ limit: 50 })).sent > 0);
    const message = await mailbox(to).waitFor(/test message/);
    expect(message.text).toContain("http://localhost:3000/");

    const invalid = await queueTestEmail("someone@@example.test");
    expect(invalid).toMatchObject({ ok: false, error: "invalid" });
    expect(invalid.ok || invalid.fieldErrors?.email?.[0]).toBe("emailInvalid");
  });
});
