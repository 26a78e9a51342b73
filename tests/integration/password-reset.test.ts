import { describe, expect, it } from "vitest";
import { backgroundIdle } from "@/lib/platform/background";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { enqueueEmail } from "@/lib/email/outbox";
import { verifyPassword } from "@/lib/security/password-hash";
import { changePassword, peekResetToken, requestPasswordReset, resetPassword } from "@/lib/accounts/passwords";
import { validateSession } from "@/lib/sessions/sessions";
import { issueToken, peekToken } from "@/lib/security/tokens";
import { confirmEmail } from "@/lib/accounts/confirmation";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { registerUser } from "@/lib/accounts/sign-up";
import { linkIn } from "../support/mailbox";
import {
  confirmationToken,
  deliverAll,
  mailbox,
  metaFactory,
  PASSWORD,
  registeredUser,
  signUpInput,
  uniqueName,
} from "./accounts-support";
import {
  CHANGED_SUBJECT,
  confirmedUser,
  messagesLike,
  NEW_PASSWORD,
  NO_IP,
  RESET_SUBJECT,
  resetToken,
  startedSession,
  WRONG_PASSWORD,
} from "./password-support";

const meta = metaFactory(import.meta.url);

const account = (label: string) => confirmedUser(label, meta);
const unconfirmedAccount = (label: string) => registeredUser(label, meta());

async function passwordHashOf(userId: string) {
  return (await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash;
}

describe("asking for a password reset", () => {
  // The request itself only hands the work to the background (lib/platform/background), so its answer
  // cannot depend on the address; what the background does must differ only in the mail it queues.
  it("queues at most three links an hour for a known address and nothing for an unknown one", async () => {
    const user = await account("sametime");
    const unknown = `${uniqueName("nobody")}@example.test`;
    for (let round = 0; round < 5; round++) {
      await requestPasswordReset(user.email, NO_IP);
      await requestPasswordReset(unknown, NO_IP);
      await backgroundIdle();
    }
    expect(await db.emailOutbox.count({ where: { to: user.email, template: "reset-password" } })).toBe(3);
    expect(await db.emailOutbox.count({ where: { to: unknown } })).toBe(0);
  });

  it("emails a confirmed account a link to choose a new password, valid for 30 minutes", async () => {
    const user = await account("resetmail");
    await requestPasswordReset(user.email, meta());
    await deliverAll();

    const message = await mailbox(user.email).waitFor(RESET_SUBJECT);
    const link = linkIn(message, "http://");
    expect(link).toMatch(/^http:\/\/localhost:3000\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
    expect(message.html).toContain(link);
    expect(message.text).toContain("30 minutes");
    expect(message.text).toMatch(/If this wasn.t you, ignore this email: your password is unchanged\./);
    expect(message.to).toEqual([user.email]);
    const token = new URL(link).searchParams.get("token");
    expect(await peekResetToken(token)).toEqual({
      state: "valid",
      user: { username: user.username, email: user.email },
    });
  });

  it("emails an unconfirmed account a reset link, and choosing a password confirms it and voids every pending sign-up", async () => {
    const user = await unconfirmedAccount("notconfirmed");
    const signUpLink = await confirmationToken(user.email);
    const otherAttempt = uniqueName("another");
    await registerUser(signUpInput(otherAttempt, user.email), meta());
    const otherLink = await confirmationToken(user.email, 2);
    await requestPasswordReset(user.email, meta());

    const token = await resetToken(user.email);
    const result = await resetPassword(token, NEW_PASSWORD, "web", meta());

    expect(result).toMatchObject({ ok: true, user: { id: user.id } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeInstanceOf(Date);
    expect(await signInWithPassword(user.email, NEW_PASSWORD, "web", meta())).toMatchObject({ ok: true });
    // The passwords of both sign-up attempts are gone, and so are their links.
    expect(await signInWithPassword(user.email, PASSWORD, "web", meta())).toEqual({
      ok: false,
      error: "invalid_credentials",
    });
    expect(await signInWithPassword(otherAttempt, PASSWORD, "web", meta())).toEqual({
      ok: false,
      error: "invalid_credentials",
    });
    expect(await confirmEmail(signUpLink, meta())).toEqual({ ok: false, error: "invalid_token" });
    expect(await confirmEmail(otherLink, meta())).toEqual({ ok: false, error: "invalid_token" });
  });

  it("sends nothing for an address without an account", async () => {
    const known = await account("control");
    const unknown = `${uniqueName("nobody")}@example.test`;
    await requestPasswordReset(unknown, meta());
    await requestPasswordReset(known.email, meta());
    await deliverAll();

    // The known address's email proves the requests ran and the outbox was delivered.
    await mailbox(known.email).waitFor(RESET_SUBJECT);
    expect(await mailbox(unknown).messages()).toEqual([]);
    expect(await db.emailOutbox.count({ where: { to: unknown } })).toBe(0);
  });

  it("sends at most 3 emails per address per hour when resets are asked for 10 times", async () => {
    const user = await account("flood");
    for (let i = 0; i < 10; i++) await requestPasswordReset(user.email, meta());
    await deliverAll();

    await mailbox(user.email).waitFor(RESET_SUBJECT, { count: 3 });
    expect(await messagesLike(user.email, RESET_SUBJECT)).toHaveLength(3);
    expect(await db.emailOutbox.count({ where: { to: user.email, template: "reset-password" } })).toBe(3);
    expect(await db.token.count({ where: { userId: user.id, purpose: "reset_password" } })).toBe(3);
  });
});

describe("choosing a new password with a reset link", () => {
  it("lets exactly one of 20 parallel resets with one link set the password, and keeps the winner's", async () => {
    const user = await account("resetrace");
    await requestPasswordReset(user.email, meta());
    const token = await resetToken(user.email);
    const passwords = Array.from({ length: 20 }, (_, i) => `new lantern ${i} over quiet meadows`);

    const results = await Promise.all(passwords.map((password) => resetPassword(token, password, "web", meta())));

    const winners = results.flatMap((result, i) => (result.ok ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual(
      Array.from({ length: 19 }, () => ({ ok: false, error: "invalid_token" })),
    );
    const hash = await passwordHashOf(user.id);
    const verdicts = await Promise.all(passwords.map((password) => verifyPassword(hash, password)));
    expect(verdicts.flatMap((verified, i) => (verified ? [i] : []))).toEqual(winners);
    expect(await db.emailOutbox.count({ where: { to: user.email, template: "password-changed" } })).toBe(1);
  });

  it("refuses a confirmation link, which still confirms the account afterwards", async () => {
    const user = await unconfirmedAccount("wrongpurpose");
    const confirmation = await confirmationToken(user.email);

    expect(await resetPassword(confirmation, NEW_PASSWORD, "web", meta())).toEqual({
      ok: false,
      error: "invalid_token",
    });

    expect(await verifyPassword(await passwordHashOf(user.id), PASSWORD)).toBe(true);
    expect(await confirmEmail(confirmation, meta())).toMatchObject({ ok: true, user: { id: user.id } });
  });

  it("is refused for confirming an email, and still resets the password afterwards", async () => {
    const user = await account("resetforconfirm");
    await requestPasswordReset(user.email, meta());
    const token = await resetToken(user.email);

    expect(await confirmEmail(token, meta())).toEqual({ ok: false, error: "invalid_token" });

    expect(await peekResetToken(token)).toMatchObject({ state: "valid" });
    expect(await resetPassword(token, NEW_PASSWORD, "web", meta())).toMatchObject({ ok: true });
  });

  it("refuses an older link once a newer one has been sent", async () => {
    const user = await account("newerlink");
    await requestPasswordReset(user.email, meta());
    const older = await resetToken(user.email);
    await requestPasswordReset(user.email, meta());
    const newer = await resetToken(user.email, 2);
    expect(newer).not.toBe(older);

    expect(await resetPassword(older, NEW_PASSWORD, "web", meta())).toEqual({ ok: false, error: "invalid_token" });

    expect(await peekResetToken(older)).toMatchObject({ state: "replaced", newestSentAt: expect.any(Date) });
    expect(await peekResetToken(newer)).toMatchObject({ state: "valid" });
    expect(await verifyPassword(await passwordHashOf(user.id), PASSWORD)).toBe(true);
  });

  it("refuses an older link after the newer one was used", async () => {
    const user = await account("newerused");
    await requestPasswordReset(user.email, meta());
    const older = await resetToken(user.email);
    await requestPasswordReset(user.email, meta());
    const newer = await resetToken(user.email, 2);

    expect(await resetPassword(newer, NEW_PASSWORD, "web", meta())).toMatchObject({ ok: true });

    expect(await resetPassword(older, "yet another river 12 stones", "web", meta())).toEqual({
      ok: false,
      error: "invalid_token",
    });
    expect(await verifyPassword(await passwordHashOf(user.id), NEW_PASSWORD)).toBe(true);
  });

  it("refuses a link sent before the password was changed on the account page", async () => {
    const user = await account("changedsince");
    await requestPasswordReset(user.email, meta());
    const token = await resetToken(user.email);

    expect(await changePassword(user.id, PASSWORD, NEW_PASSWORD, meta())).toMatchObject({ ok: true });

    expect(await peekResetToken(token)).toMatchObject({ state: "used" });
    expect(await resetPassword(token, "yet another river 12 stones", "web", meta())).toEqual({
      ok: false,
      error: "invalid_token",
    });
    expect(await verifyPassword(await passwordHashOf(user.id), NEW_PASSWORD)).toBe(true);
  });

  it("keeps the link usable after passwords the policy refuses, and then takes a good one", async () => {
    const user = await account("policy");
    await requestPasswordReset(user.email, meta());
    const token = await resetToken(user.email);

    expect(await resetPassword(token, `${user.username} by the river`, "web", meta())).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { password: ["passwordContainsUsername"] },
    });
    expect(await resetPassword(token, "passwordpassword", "web", meta())).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { password: ["passwordTooGuessable"] },
    });

    expect(await peekResetToken(token)).toMatchObject({ state: "valid" });
    expect(await verifyPassword(await passwordHashOf(user.id), PASSWORD)).toBe(true);
    expect(await resetPassword(token, NEW_PASSWORD, "web", meta())).toMatchObject({ ok: true });
    expect(await verifyPassword(await passwordHashOf(user.id), NEW_PASSWORD)).toBe(true);
  });

  // The password length window holds on every path that sets a password, the API's reset included.
  it("refuses a new password shorter than the minimum length, and keeps the link usable", async () => {
    const user = await account("tooshort");
    await requestPasswordReset(user.email, meta());
    const token = await resetToken(user.email);
    const short = "r7#Lp2@xQ9!m";
    expect(short.length).toBeLessThan(env.PASSWORD_MIN_LENGTH);

    const result = await resetPassword(token, short, "web", meta());

    expect(result).toMatchObject({ ok: false, error: "invalid", fieldErrors: { password: [expect.any(String)] } });
    expect(await verifyPassword(await passwordHashOf(user.id), short)).toBe(false);
    expect(await peekResetToken(token)).toMatchObject({ state: "valid" });
  });

  it("signs every other device out, signs this one in, voids every other link and sends a notice", async () => {
    const user = await account("resetdone");
    const web = await signInWithPassword(user.username, PASSWORD, "web", NO_IP);
    const api = await signInWithPassword(user.email, PASSWORD, "web", NO_IP);
    const oldSessions = [await startedSession(web), await startedSession(api, "api")];
    for (const id of oldSessions) expect(await validateSession(id)).not.toBeNull();
    const confirmation = await db.$transaction((tx) => issueToken(tx, user.id, "confirm_email", 3600));
    await requestPasswordReset(user.email, meta());
    const token = await resetToken(user.email);

    const result = await resetPassword(token, NEW_PASSWORD, "web", meta());

    expect(result).toMatchObject({ ok: true, user: { id: user.id } });
    for (const id of oldSessions) expect(await validateSession(id)).toBeNull();
    expect((await validateSession(await startedSession(result)))?.user.id).toBe(user.id);
    expect(await db.token.count({ where: { userId: user.id, usedAt: null } })).toBe(0);
    expect(await peekToken(confirmation, "confirm_email")).toMatchObject({ state: "used" });
    expect(await confirmEmail(confirmation, meta())).toEqual({ ok: false, error: "invalid_token" });

    await deliverAll();
    const notice = await mailbox(user.email).waitFor(CHANGED_SUBJECT);
    expect(notice.text).toMatch(/This wasn.t me/);
    expect(linkIn(notice, `${env.APP_URL}/forgot-password`)).toBe(
      `${env.APP_URL}/forgot-password?email=${encodeURIComponent(user.email)}`,
    );

    expect(await signInWithPassword(user.username, PASSWORD, "web", NO_IP)).toEqual({
      ok: false,
      error: "invalid_credentials",
    });
    expect(await signInWithPassword(user.username, NEW_PASSWORD, "web", NO_IP)).toMatchObject({ ok: true });
  });
});

describe("changing the password on the account page", () => {
  it("refuses a wrong current password and changes nothing", async () => {
    const user = await account("wrongcurrent");
    const session = await startedSession(await signInWithPassword(user.username, PASSWORD, "web", NO_IP));
    await requestPasswordReset(user.email, meta());
    const token = await resetToken(user.email);
    const hashBefore = await passwordHashOf(user.id);

    expect(await changePassword(user.id, WRONG_PASSWORD, NEW_PASSWORD, meta())).toEqual({
      ok: false,
      error: "wrong_password",
      fieldErrors: { currentPassword: [expect.any(String)] },
    });

    expect(await passwordHashOf(user.id)).toBe(hashBefore);
    expect(await validateSession(session)).not.toBeNull();
    expect(await peekResetToken(token)).toMatchObject({ state: "valid" });
    expect(await db.emailOutbox.count({ where: { to: user.email, template: "password-changed" } })).toBe(0);
  });

  it("refuses a new password the policy breaks, with the reason, and changes nothing", async () => {
    const user = await account("badnew");
    const session = await startedSession(await signInWithPassword(user.username, PASSWORD, "web", NO_IP));
    const hashBefore = await passwordHashOf(user.id);

    expect(await changePassword(user.id, PASSWORD, `${user.username} by the river`, meta())).toEqual({
      ok: false,
      error: "invalid",
      fieldErrors: { newPassword: ["passwordContainsUsername"] },
    });

    expect(await passwordHashOf(user.id)).toBe(hashBefore);
    expect(await validateSession(session)).not.toBeNull();
    expect(await db.emailOutbox.count({ where: { to: user.email, template: "password-changed" } })).toBe(0);
  });

  it("sets the new password, signs the other devices out and sends a notice", async () => {
    const user = await account("changed");
    const other = await startedSession(await signInWithPassword(user.username, PASSWORD, "web", NO_IP));

    const result = await changePassword(user.id, PASSWORD, NEW_PASSWORD, meta());

    expect(result).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await verifyPassword(await passwordHashOf(user.id), NEW_PASSWORD)).toBe(true);
    expect(await validateSession(other)).toBeNull();
    expect((await validateSession(await startedSession(result)))?.user.id).toBe(user.id);
    await deliverAll();
    await mailbox(user.email).waitFor(CHANGED_SUBJECT);
  });
});

describe("reset emails", () => {
  // Two links to one address queued before a drain (a confirmation and a reset, or two resets) must arrive
  // oldest first, so the newest email in the inbox holds the link that still works.
  it("arrive in the order they were queued, so the newest link is the last email", async () => {
    const user = await account("order");
    const links = Array.from({ length: 10 }, (_, i) => `${env.RESET_URL}?token=order-${i}`);
    for (const link of links) {
      await db.$transaction((tx) =>
        enqueueEmail(tx, user.email, "reset-password", {
          locale: "en",
          appName: env.APP_NAME,
          username: user.username,
          link,
          expiresIn: 1800,
        }),
      );
    }
    await deliverAll();

    await mailbox(user.email).waitFor(RESET_SUBJECT, { count: links.length });
    const received = (await messagesLike(user.email, RESET_SUBJECT)).map((message) => linkIn(message, env.RESET_URL));
    expect(received).toEqual(links);
  });
});

describe("links in emails", () => {
  // requestPasswordReset takes no request, so no Host or X-Forwarded-Host can reach a link; what can
  // still go wrong is a link built from anything but APP_URL.
  it("start with APP_URL in confirmation, reset and password-changed emails", async () => {
    const user = await unconfirmedAccount("linkcheck");
    await confirmEmail(await confirmationToken(user.email), meta());
    await requestPasswordReset(user.email, meta());
    expect(await resetPassword(await resetToken(user.email), NEW_PASSWORD, "web", meta())).toMatchObject({
      ok: true,
    });
    await deliverAll();

    const links: string[] = [];
    for (const message of await mailbox(user.email).messages()) {
      links.push(...(message.text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? []));
      links.push(...[...message.html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]));
    }
    expect(links.some((link) => link.includes("/reset-password?token="))).toBe(true);
    expect(links.some((link) => link.includes("/confirm?token="))).toBe(true);
    expect(links.some((link) => link.includes("/forgot-password?email="))).toBe(true);
    expect(links.filter((link) => !link.startsWith(`${env.APP_URL}/`))).toEqual([]);
    expect(env.APP_URL).toBe("http://localhost:3000");
  });
});
