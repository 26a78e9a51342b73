import { describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { verifyPassword } from "@/lib/security/password-hash";
import { peekToken } from "@/lib/security/tokens";
import { validateSession } from "@/lib/sessions/sessions";
import {
  cancelEmailChange,
  confirmEmailChange,
  pendingEmailChange,
  peekEmailChangeToken,
  resendEmailChange,
  requestEmailChange,
  revertEmailChange,
} from "@/lib/accounts/email-change";
import { changePassword, requestPasswordReset, resetPassword } from "@/lib/accounts/passwords";
import { createAdmin } from "@/lib/accounts/operator";
import { registerUser } from "@/lib/accounts/sign-up";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { linkIn } from "../support/mailbox";
import { deliverAll, mailbox, metaFactory, PASSWORD, signUpInput, uniqueName } from "./accounts-support";
import { confirmedUser, messagesLike, NEW_PASSWORD, resetToken, startedSession } from "./password-support";

const meta = metaFactory(import.meta.url);

const CONFIRM_NEW_SUBJECT = /^Confirm your new email address for /;
const CHANGED_SUBJECT = /^The email address of your .+ account was changed$/;
const IN_USE_SUBJECT = /^Someone tried to use your address for another .+ account$/;
const REQUESTED_SUBJECT = /^Someone asked to change the email address of your .+ account$/;
const ATTACKER_PASSWORD = "attacker picked this one 31 lanterns";
const OWNER_PASSWORD = "owner takes it back 58 orchards";

const freshAddress = (label: string) => `${uniqueName(label)}@example.test`;

function tokenOf(message: { text?: string; html?: string }) {
  return new URL(linkIn(message as never, `${env.APP_URL}/email-change`)).searchParams.get("token")!;
}

/** Asks for a change to `newEmail` with `password` and returns the token of the confirmation link sent there. */
async function requestChange(userId: string, password: string, newEmail: string) {
  const before = (await messagesLike(newEmail, CONFIRM_NEW_SUBJECT)).length;
  const requested = await requestEmailChange(userId, password, newEmail, meta());
  expect(requested).toEqual({ ok: true });
  await deliverAll();
  return tokenOf(await mailbox(newEmail).waitFor(CONFIRM_NEW_SUBJECT, { count: before + 1 }));
}

/** Changes the user's address to `newEmail`; returns the token of the undo link mailed to `oldEmail`. */
async function changeEmail(userId: string, password: string, oldEmail: string, newEmail: string) {
  const before = (await messagesLike(oldEmail, CHANGED_SUBJECT)).length;
  expect(await confirmEmailChange(await requestChange(userId, password, newEmail), meta())).toEqual({ ok: true });
  await deliverAll();
  return tokenOf(await mailbox(oldEmail).waitFor(CHANGED_SUBJECT, { count: before + 1 }));
}

async function emailOf(userId: string) {
  return (await db.user.findUniqueOrThrow({ where: { id: userId } })).email;
}

/** An account taken over: the attacker moved it to their own address and set their own password. */
async function takenOver(label: string) {
  const owner = await confirmedUser(label, meta);
  const attackerEmail = freshAddress(`${label}evil`);
  const undo = await changeEmail(owner.id, PASSWORD, owner.email, attackerEmail);
  const changed = await changePassword(owner.id, PASSWORD, ATTACKER_PASSWORD, meta());
  expect(changed.ok).toBe(true);
  return { owner, attackerEmail, undo, attackerSession: await startedSession(changed) };
}

describe("the undo link of an email change", () => {
  it("still works after whoever made the change sets a new password", async () => {
    const { owner, undo } = await takenOver("undopw");
    expect((await peekEmailChangeToken(undo)).state).toBe("valid");

    const result = await revertEmailChange(undo, OWNER_PASSWORD, meta());
    expect(result.ok).toBe(true);
    expect(await emailOf(owner.id)).toBe(owner.email);
  });

  it("still works after a password reset by email link", async () => {
    const { owner, attackerEmail, undo } = await takenOver("undoreset");
    await requestPasswordReset(attackerEmail, meta());
    const reset = await resetPassword(await resetToken(attackerEmail), NEW_PASSWORD, "web", meta());
    expect(reset.ok).toBe(true);

    expect((await revertEmailChange(undo, OWNER_PASSWORD, meta())).ok).toBe(true);
    expect(await emailOf(owner.id)).toBe(owner.email);
  });

  it("still works after a second email change, which voids the second change's own undo link", async () => {
    const { owner, attackerEmail, undo } = await takenOver("undotwice");
    const thirdEmail = freshAddress("undotwicethird");
    const secondUndo = await changeEmail(owner.id, ATTACKER_PASSWORD, attackerEmail, thirdEmail);
    expect((await peekEmailChangeToken(undo)).state).toBe("valid");

    expect((await revertEmailChange(undo, OWNER_PASSWORD, meta())).ok).toBe(true);
    expect(await emailOf(owner.id)).toBe(owner.email);
    // The later address would hand the account back to the attacker: its undo link is gone.
    expect((await peekEmailChangeToken(secondUndo)).state).toBe("used");
    expect((await revertEmailChange(secondUndo, ATTACKER_PASSWORD, meta())).ok).toBe(false);
    expect(await emailOf(owner.id)).toBe(owner.email);
  });

  it("of an earlier change survives the use of a later change's undo link", async () => {
    const { owner, attackerEmail, undo } = await takenOver("undochain");
    const secondUndo = await changeEmail(owner.id, ATTACKER_PASSWORD, attackerEmail, freshAddress("undochain3"));
    // The attacker undoes their own second change (they read that address) to clear the way.
    expect((await revertEmailChange(secondUndo, ATTACKER_PASSWORD + " again", meta())).ok).toBe(true);
    expect(await emailOf(owner.id)).toBe(attackerEmail);

    expect((await revertEmailChange(undo, OWNER_PASSWORD, meta())).ok).toBe(true);
    expect(await emailOf(owner.id)).toBe(owner.email);
  });

  it("keeps the old address from being registered by anyone else while it works", async () => {
    const { owner, undo } = await takenOver("undohold");
    const answer = await registerUser(signUpInput(uniqueName("squatter"), owner.email, PASSWORD), meta());
    // The same answer as for any address, but no account was created on it.
    expect(answer).toEqual({ ok: true, email: owner.email });
    expect(await db.user.findUnique({ where: { email: owner.email } })).toBeNull();

    expect((await revertEmailChange(undo, OWNER_PASSWORD, meta())).ok).toBe(true);
    expect(await emailOf(owner.id)).toBe(owner.email);
  });

  it("keeps the old address from being given to a new administrator by the operator while it works", async () => {
    const { owner } = await takenOver("undoholdadmin");
    const admin = { username: uniqueName("holdadmin"), email: owner.email, password: PASSWORD };
    const result = await createAdmin(admin, { label: "cli", meta: { ip: null, userAgent: "operator CLI" } });
    expect(result).toEqual({ ok: false, error: "email_taken" });
  });

  it("keeps the old address from being taken by another account's email change while it works", async () => {
    const { owner, undo } = await takenOver("undoholdchange");
    const other = await confirmedUser("undoholdother", meta);
    expect(await requestEmailChange(other.id, PASSWORD, owner.email, meta())).toEqual({ ok: true });
    await deliverAll();
    // The address's owner is told instead; no confirmation link goes out.
    expect(await messagesLike(owner.email, CONFIRM_NEW_SUBJECT)).toHaveLength(0);
    expect(await messagesLike(owner.email, IN_USE_SUBJECT)).toHaveLength(1);

    expect((await revertEmailChange(undo, OWNER_PASSWORD, meta())).ok).toBe(true);
  });

  it("sets the new password, replacing the attacker's, and signs in only this device", async () => {
    const { owner, attackerEmail, undo, attackerSession } = await takenOver("undoreplace");
    const attackerApi = await signInWithPassword(attackerEmail, ATTACKER_PASSWORD, "web", meta());
    expect(attackerApi.ok).toBe(true);
    expect(await validateSession(attackerSession)).not.toBeNull();

    const result = await revertEmailChange(undo, OWNER_PASSWORD, meta());
    const session = await startedSession(result);
    expect(session).not.toBeNull();

    const row = await db.user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(await verifyPassword(row.passwordHash, ATTACKER_PASSWORD)).toBe(false);
    expect(await verifyPassword(row.passwordHash, OWNER_PASSWORD)).toBe(true);
    expect(await validateSession(attackerSession)).toBeNull();
    expect(await validateSession(await startedSession(attackerApi, "api"))).toBeNull();
    expect((await validateSession(session))?.user.id).toBe(owner.id);
    expect((await signInWithPassword(owner.email, OWNER_PASSWORD, "web", meta())).ok).toBe(true);
  });

  it("voids every other link, a pending email change and a reset link included", async () => {
    const { owner, attackerEmail, undo } = await takenOver("undovoid");
    const pendingChange = await requestChange(owner.id, ATTACKER_PASSWORD, freshAddress("undovoidnext"));
    await requestPasswordReset(attackerEmail, meta());
    const reset = await resetToken(attackerEmail);

    expect((await revertEmailChange(undo, OWNER_PASSWORD, meta())).ok).toBe(true);
    expect((await peekEmailChangeToken(pendingChange)).state).toBe("used");
    expect(await confirmEmailChange(pendingChange, meta())).toEqual({ ok: false, error: "invalid_token" });
    expect((await peekToken(reset, "reset_password")).state).toBe("used");
    expect(await emailOf(owner.id)).toBe(owner.email);
    // And it works once.
    expect(await revertEmailChange(undo, OWNER_PASSWORD + " two", meta())).toEqual({
      ok: false,
      error: "invalid_token",
    });
  });

  it("refuses a password the reset policy refuses, and stays usable", async () => {
    const { owner, undo } = await takenOver("undopolicy");
    const weak = await revertEmailChange(undo, "short", meta());
    expect(weak).toMatchObject({ ok: false, error: "invalid" });
    expect(await emailOf(owner.id)).not.toBe(owner.email);
    expect((await peekEmailChangeToken(undo)).state).toBe("valid");
    expect((await revertEmailChange(undo, OWNER_PASSWORD, meta())).ok).toBe(true);
  });
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** What the user can see of their own account since `since`: the activity log, without ids and times. */
async function visibleActivity(userId: string, since: Date) {
  const events = await db.auditEvent.findMany({
    where: { userId, createdAt: { gte: since } },
    orderBy: { createdAt: "asc" },
  });
  return events.map(({ type, outcome, detail, ip, userAgent }) => ({ type, outcome, detail, ip, userAgent }));
}

describe("changing the email to an address another account uses", () => {
  it("answers and logs exactly like a free address; the holder gets a notice instead of the link", async () => {
    const holder = await confirmedUser("oracleholder", meta);
    const [taken, free] = [await confirmedUser("oracletaken", meta), await confirmedUser("oraclefree", meta)];
    const freeAddress = freshAddress("oraclefreeaddr");
    const sameMeta = { ip: "10.8.250.1", userAgent: "vitest" };
    // The set-up's last event may carry this very millisecond: the window starts after it.
    await new Promise((resolve) => setTimeout(resolve, 2));
    const since = new Date();

    const answers = [
      await requestEmailChange(taken.id, PASSWORD, holder.email, sameMeta),
      await requestEmailChange(free.id, PASSWORD, freeAddress, sameMeta),
    ];
    expect(answers[0]).toEqual(answers[1]);
    const activity = await visibleActivity(taken.id, since);
    expect(activity).toEqual(await visibleActivity(free.id, since));
    expect(activity.map((event) => event.type)).toEqual(["email_change_requested"]);
    // The same pending state: one unused change link each.
    const pending = (userId: string) => db.token.count({ where: { userId, purpose: "change_email", usedAt: null } });
    expect(await pending(taken.id)).toBe(1);
    expect(await pending(free.id)).toBe(1);

    await deliverAll();
    expect(await messagesLike(freeAddress, CONFIRM_NEW_SUBJECT)).toHaveLength(1);
    expect(await messagesLike(holder.email, CONFIRM_NEW_SUBJECT)).toHaveLength(0);
    const notice = await mailbox(holder.email).waitFor(IN_USE_SUBJECT);
    expect(notice.text).toContain(holder.username);
    expect(notice.text).not.toContain(taken.username);
  });

  it("tells the current address of the request alike, whether the new address is free or taken", async () => {
    const holder = await confirmedUser("requestedholder", meta);
    const [taken, free] = [await confirmedUser("requestedtaken", meta), await confirmedUser("requestedfree", meta)];
    const freeAddress = freshAddress("requestedfreeaddr");
    const sameMeta = {
      ip: "10.8.250.2",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
    };
    await requestEmailChange(taken.id, PASSWORD, holder.email, sameMeta);
    await requestEmailChange(free.id, PASSWORD, freeAddress, sameMeta);
    await deliverAll();

    const notices = [
      await mailbox(taken.email).waitFor(REQUESTED_SUBJECT),
      await mailbox(free.email).waitFor(REQUESTED_SUBJECT),
    ];
    expect(notices[0].text).toContain(holder.email);
    expect(notices[0].text).toContain("Firefox on Linux");
    expect(notices[0].text).toMatch(/\d{2}:\d{2}( [AP]M)? UTC/);
    expect(notices[0].text).toContain("Nothing changes until that address confirms");
    expect(notices[1].text).toContain(freeAddress);
    // Word for word the same notice, but for the names in it: nothing in it says whether the address was free.
    const [takenText, freeText] = [
      notices[0].text.replaceAll(taken.username, "USER").replaceAll(holder.email, "NEW").replaceAll(taken.email, "OLD"),
      notices[1].text.replaceAll(free.username, "USER").replaceAll(freeAddress, "NEW").replaceAll(free.email, "OLD"),
    ].map((text) => text.replace(/\s+/g, " ").replace(/\d/g, "#"));
    expect(takenText).toBe(freeText);
    expect(notices[0].subject).toBe(notices[1].subject);
    // The holder's own address gets the holder's notice, never this one.
    expect(await messagesLike(holder.email, REQUESTED_SUBJECT)).toHaveLength(0);
  });

  it("tells the current address only when the change is asked for, not when its link is sent again", async () => {
    const user = await confirmedUser("requestedonce", meta);
    await requestChange(user.id, PASSWORD, freshAddress("requestedoncenew"));
    expect(await resendEmailChange(user.id, meta())).toBeNull();
    await deliverAll();
    await mailbox(user.email).waitFor(REQUESTED_SUBJECT);
    expect(await messagesLike(user.email, REQUESTED_SUBJECT)).toHaveLength(1);
  });

  // Re-measured on a failure: a busy machine can skew one run; a real difference fails every time.
  it("takes the same time as a change to a free address", { retry: 2 }, async () => {
    const holder = await confirmedUser("timingholder", meta);
    const user = await confirmedUser("timinguser", meta);
    const times: Record<"taken" | "free", number[]> = { taken: [], free: [] };
    // Untimed rounds first: the first calls pay for compiling and rendering, whichever address they carry.
    for (let round = -3; round < 20; round++) {
      const order = round % 2 ? (["free", "taken"] as const) : (["taken", "free"] as const);
      for (const name of order) {
        const address = name === "taken" ? holder.email : freshAddress("timingfree");
        // Each free address is new, so the taken one must not run into the 3-an-hour cap per recipient
        // either: both sides then do the same work, a notice or a link.
        await db.rateLimit.deleteMany({ where: { key: `email:${address}` } });
        const start = performance.now();
        await requestEmailChange(user.id, PASSWORD, address, meta());
        if (round >= 0) times[name].push(performance.now() - start);
      }
    }
    const [taken, free] = [median(times.taken), median(times.free)];
    expect(
      Math.abs(taken - free),
      `median times ${taken.toFixed(2)} ms (taken) and ${free.toFixed(2)} ms (free)`,
    ).toBeLessThanOrEqual(0.25 * Math.max(taken, free));
    console.info(`email change request: median ${taken.toFixed(2)} ms (taken), ${free.toFixed(2)} ms (free)`);
  });
});

describe("a pending email change", () => {
  it("is shown with its address until its link is used, cancelled or replaced", async () => {
    const user = await confirmedUser("pendingshow", meta);
    expect(await pendingEmailChange(user.id)).toBeNull();
    const newEmail = freshAddress("pendingnew");
    const token = await requestChange(user.id, PASSWORD, newEmail);
    expect(await pendingEmailChange(user.id)).toMatchObject({ email: newEmail });
    expect(await confirmEmailChange(token, meta())).toEqual({ ok: true });
    expect(await pendingEmailChange(user.id)).toBeNull();
  });

  it("sends a new link on request, and only the newest link works", async () => {
    const user = await confirmedUser("pendingresend", meta);
    const newEmail = freshAddress("pendingresendnew");
    const first = await requestChange(user.id, PASSWORD, newEmail);

    expect(await resendEmailChange(user.id, meta())).toBeNull();
    await deliverAll();
    const second = tokenOf(await mailbox(newEmail).waitFor(CONFIRM_NEW_SUBJECT, { count: 2 }));

    expect(second).not.toBe(first);
    expect(await confirmEmailChange(first, meta())).toEqual({ ok: false, error: "invalid_token" });
    expect(await confirmEmailChange(second, meta())).toEqual({ ok: true });
    expect(await emailOf(user.id)).toBe(newEmail);
  });

  it("is cancelled on request: its link stops working and the address stays", async () => {
    const user = await confirmedUser("pendingcancel", meta);
    const token = await requestChange(user.id, PASSWORD, freshAddress("pendingcancelnew"));

    expect(await cancelEmailChange(user.id, meta())).toBe(true);

    expect(await pendingEmailChange(user.id)).toBeNull();
    expect(await confirmEmailChange(token, meta())).toEqual({ ok: false, error: "invalid_token" });
    expect(await emailOf(user.id)).toBe(user.email);
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "email_change_cancelled" } })).toBe(1);
    // Nothing left to resend or cancel.
    expect(await resendEmailChange(user.id, meta())).toMatchObject({ ok: false, error: "none" });
    expect(await cancelEmailChange(user.id, meta())).toBe(false);
  });
});
