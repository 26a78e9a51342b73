import { describe, expect, it } from "vitest";
import { dateTimeText } from "@/emails/i18n";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import {
  cancelDeletionOnSignIn,
  DELETION_GRACE_SECONDS,
  deletionProof,
  purgeDueAccounts,
  requestAccountDeletion,
} from "@/lib/accounts/account-deletion";
import { signInForApi } from "@/lib/accounts/api-sessions";
import { recordEvent } from "@/lib/accounts/audit";
import { requestPasswordReset, resetPassword } from "@/lib/accounts/passwords";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { completeSecondStep, confirmTotpEnrolment, startTotpEnrolment } from "@/lib/accounts/two-factor";
import { validateSession } from "@/lib/sessions/sessions";
import { authenticatorCode, previousStepCode } from "../support/totp";
import { deliverAll, mailbox, metaFactory, PASSWORD } from "./accounts-support";
import { confirmedUser, NEW_PASSWORD, resetToken, startedSession, WRONG_PASSWORD } from "./password-support";

const meta = metaFactory(import.meta.url);

async function dueAtOf(userId: string) {
  return (await db.user.findUniqueOrThrow({ where: { id: userId } })).deletionDueAt;
}

async function eventsOf(userId: string, type: string) {
  return db.auditEvent.findMany({ where: { userId, type } });
}

/** A confirmed account signed in on the website; returns it and its session's id. */
async function signedInUser(label: string) {
  const user = await confirmedUser(label, meta);
  const sessionId = (await startedSession({ ok: true, user }))!;
  return { user, sessionId };
}

/** An account with a pending deletion (asked with its password). */
async function deletedUser(label: string) {
  const { user, sessionId } = await signedInUser(label);
  const asked = await requestAccountDeletion(user.id, sessionId, { password: PASSWORD }, meta());
  expect(asked.ok).toBe(true);
  return user;
}

/** Turns two-factor on with the authenticator app; returns the key. */
async function withAuthenticator(userId: string) {
  const enrolment = await startTotpEnrolment(userId);
  if (!enrolment.ok) throw new Error("enrolment refused");
  const confirmed = await confirmTotpEnrolment(userId, await previousStepCode(enrolment.secret), meta());
  if (!confirmed.ok) throw new Error("enrolment not confirmed");
  return enrolment.secret;
}

describe("asking to delete an account", () => {
  it("schedules removal 7 days out, signs out every session and emails the date in the account's language", async () => {
    const { user, sessionId } = await signedInUser("delask");
    const other = await startedSession({ ok: true, user }, "api");
    await db.user.update({ where: { id: user.id }, data: { locale: "pt-BR" } });
    const before = Date.now();

    const asked = await requestAccountDeletion(user.id, sessionId, { password: PASSWORD }, meta());

    expect(asked.ok).toBe(true);
    const dueAt = (await dueAtOf(user.id))!;
    expect(dueAt.getTime() - before).toBeGreaterThanOrEqual(DELETION_GRACE_SECONDS * 1000);
    expect(dueAt.getTime() - Date.now()).toBeLessThanOrEqual(DELETION_GRACE_SECONDS * 1000);
    expect(await validateSession(sessionId)).toBeNull();
    expect(await validateSession(other)).toBeNull();
    expect(await eventsOf(user.id, "account_deletion_requested")).toHaveLength(1);
    await deliverAll();
    const notice = await mailbox(user.email).waitFor(/^Sua conta do .+ será excluída$/);
    const text = notice.text!.replace(/\s+/g, " ");
    expect(text).toContain(dateTimeText("pt-BR", dueAt));
    expect(text).toContain(`${env.APP_URL}/login`);
  });

  it("refuses a wrong password and changes nothing", async () => {
    const { user, sessionId } = await signedInUser("delwrong");

    const asked = await requestAccountDeletion(user.id, sessionId, { password: WRONG_PASSWORD }, meta());

    expect(asked).toMatchObject({
      ok: false,
      error: "wrong_password",
      fieldErrors: { password: ["wrongCurrentPassword"] },
    });
    expect(await dueAtOf(user.id)).toBeNull();
    expect(await validateSession(sessionId)).not.toBeNull();
  });

  it("asks an account without a password for a code from its authenticator app", async () => {
    const { user, sessionId } = await signedInUser("delcode");
    const key = await withAuthenticator(user.id);
    await db.user.update({ where: { id: user.id }, data: { passwordHash: null } });
    expect(await deletionProof(user.id)).toBe("second_factor");

    const wrong = await requestAccountDeletion(user.id, sessionId, { code: "000000", password: PASSWORD }, meta());
    expect(wrong).toMatchObject({ ok: false, error: "wrong_code", fieldErrors: { code: ["wrongCode"] } });
    expect(await dueAtOf(user.id)).toBeNull();

    const right = await requestAccountDeletion(user.id, sessionId, { code: authenticatorCode(key) }, meta());
    expect(right.ok).toBe(true);
    expect(await dueAtOf(user.id)).not.toBeNull();
  });

  it("asks an account with neither a password nor an authenticator app for a recent sign-in", async () => {
    const { user, sessionId } = await signedInUser("delfresh");
    await db.user.update({ where: { id: user.id }, data: { passwordHash: null } });
    expect(await deletionProof(user.id)).toBe("recent_sign_in");
    await db.session.update({ where: { id: sessionId }, data: { createdAt: new Date(Date.now() - 3600_000) } });

    const stale = await requestAccountDeletion(user.id, sessionId, {}, meta());
    expect(stale).toMatchObject({ ok: false, error: "sign_in_again" });
    expect(await dueAtOf(user.id)).toBeNull();

    const fresh = (await startedSession({ ok: true, user }))!;
    expect((await requestAccountDeletion(user.id, fresh, {}, meta())).ok).toBe(true);
  });
});

describe("signing in during the grace period", () => {
  it("cancels the deletion when a password sign-in completes, once", async () => {
    const user = await deletedUser("delcancel");

    const signedIn = await signInWithPassword(user.username, PASSWORD, "web", meta());
    if (!signedIn.ok) throw new Error("sign-in refused");
    expect(signedIn.user.deletionDueAt).not.toBeNull();

    expect(await cancelDeletionOnSignIn(signedIn.user, meta())).toBe(true);
    expect(await dueAtOf(user.id)).toBeNull();
    expect(await cancelDeletionOnSignIn(signedIn.user, meta())).toBe(false);
    expect(await eventsOf(user.id, "account_deletion_cancelled")).toHaveLength(1);
  });

  it("cancels the deletion on an API sign-in", async () => {
    const user = await deletedUser("delapi");

    const signedIn = await signInForApi(user.username, PASSWORD, meta());

    expect(signedIn.ok).toBe(true);
    expect(await dueAtOf(user.id)).toBeNull();
  });

  it("hands the pending deletion to the session after a reset link and after a second step", async () => {
    const user = await deletedUser("delreset");
    await requestPasswordReset(user.email, meta());
    const reset = await resetPassword(await resetToken(user.email), NEW_PASSWORD, "web", meta());
    if (!reset.ok) throw new Error("reset refused");
    expect(reset.user.deletionDueAt).not.toBeNull();

    const withCode = await deletedUser("del2fa");
    const key = await withAuthenticator(withCode.id);
    const password = await signInWithPassword(withCode.username, PASSWORD, "web", meta());
    if (password.ok || password.error !== "second_step") throw new Error("no second step");
    const second = await completeSecondStep(password.secondStepToken, authenticatorCode(key), "web", meta());
    if (!second.ok) throw new Error("second step refused");
    expect(second.user.deletionDueAt).not.toBeNull();
    expect(await cancelDeletionOnSignIn(second.user, meta())).toBe(true);
  });
});

describe("removing accounts after the grace period", () => {
  it("removes the account and everything that names its owner, leaving one anonymous event", async () => {
    const user = await deletedUser("delpurge");
    // Personal data of every kind: a connected provider, a passkey, a reset link, throttle counters, emails.
    await db.account.create({
      data: { userId: user.id, type: "oidc", provider: "oidc", providerAccountId: `sub-${user.id}` },
    });
    await db.passkey.create({
      data: {
        id: `pk-${user.id}`,
        userId: user.id,
        name: "Laptop",
        publicKey: Buffer.from("k"),
        deviceType: "singleDevice",
        backedUp: false,
      },
    });
    await requestPasswordReset(user.email, meta());
    await signInWithPassword(user.username, WRONG_PASSWORD, "web", meta());
    await deliverAll();
    // An admin's name in another account's log.
    const other = await confirmedUser("delother", meta);
    await recordEvent(db, { type: "login_unlocked", userId: other.id, detail: `by admin:${user.username}` }, meta());
    await db.user.update({ where: { id: user.id }, data: { deletionDueAt: new Date(Date.now() - 1000) } });

    expect(await purgeDueAccounts()).toBeGreaterThanOrEqual(1);

    expect(await db.user.findUnique({ where: { id: user.id } })).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.token.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.passkey.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.emailOutbox.count({ where: { to: user.email } })).toBe(0);
    expect(await db.loginThrottle.count({ where: { key: { in: [user.username, user.email] } } })).toBe(0);
    expect(await db.rateLimit.count({ where: { key: `email:${user.email}` } })).toBe(0);
    const mention = `%${user.username}%`;
    const [named] = await db.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM "AuditEvent" WHERE detail LIKE ${mention}`;
    expect(Number(named.count)).toBe(0);
    const [deleted] = await db.auditEvent.findMany({
      where: { type: "account_deleted" },
      orderBy: { createdAt: "desc" },
      take: 1,
    });
    expect(deleted).toMatchObject({ userId: null, ip: null, userAgent: null, detail: null });
  });

  it("leaves an account whose grace period is not over, and one a sign-in kept", async () => {
    const waiting = await deletedUser("delwait");
    const kept = await deletedUser("delkept");
    const signedIn = await signInForApi(kept.username, PASSWORD, meta());
    expect(signedIn.ok).toBe(true);

    await purgeDueAccounts(new Date(Date.now() + 60_000));

    expect(await db.user.findUnique({ where: { id: waiting.id } })).not.toBeNull();
    expect(await db.user.findUnique({ where: { id: kept.id } })).not.toBeNull();
    // Once its day has come, it goes.
    await purgeDueAccounts(new Date(Date.now() + DELETION_GRACE_SECONDS * 1000 + 60_000));
    expect(await db.user.findUnique({ where: { id: waiting.id } })).toBeNull();
    expect(await db.user.findUnique({ where: { id: kept.id } })).not.toBeNull();
  });
});
