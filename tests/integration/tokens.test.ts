import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import { REDACTED } from "@/lib/email/outbox";
import { validateSession } from "@/lib/sessions/sessions";
import { consumeToken, issueToken, peekToken, voidTokens, type TokenPurpose } from "@/lib/security/tokens";
import { confirmEmail } from "@/lib/accounts/confirmation";
import { registerUser } from "@/lib/accounts/sign-up";
import {
  confirmationToken,
  deliverAll,
  mailbox,
  metaFactory,
  registeredUser,
  signUpInput,
  uniqueName,
  startedSession,
} from "./accounts-support";

const meta = metaFactory(import.meta.url);
const HOUR = 3600;

async function issue(userId: string, purpose: TokenPurpose = "confirm_email", ttlSeconds = HOUR) {
  return db.$transaction((tx) => issueToken(tx, userId, purpose, ttlSeconds));
}

function consume(raw: string | null | undefined, purpose: TokenPurpose = "confirm_email") {
  return db.$transaction((tx) => consumeToken(tx, raw, purpose));
}

/** Our own SHA-256, so the check does not lean on the module under test. */
const sha256 = (value: string) => crypto.createHash("sha256").update(value).digest("hex");

describe("emailed tokens", () => {
  it("is 32 random bytes in base64url", async () => {
    const user = await registeredUser("shape", meta());
    const raw = await issue(user.id);
    expect(raw).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(raw, "base64url")).toHaveLength(32);
    expect(await issue(user.id)).not.toBe(raw);
  });

  it("lets exactly one of 20 parallel consumers use a token", async () => {
    const user = await registeredUser("race", meta());
    const raw = await issue(user.id);
    const results = await Promise.all(Array.from({ length: 20 }, () => consume(raw)));
    expect(results.filter((userId) => userId !== null)).toEqual([user.id]);
    expect(await peekToken(raw, "confirm_email")).toMatchObject({ state: "used" });
  });

  it("confirms an email exactly once when its link is submitted 20 times at once", async () => {
    const user = await registeredUser("confirmrace", meta());
    const raw = await confirmationToken(user.email);
    const results = await Promise.all(Array.from({ length: 20 }, () => confirmEmail(raw, meta())));

    const winners = results.filter((result) => result.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual(
      Array.from({ length: 19 }, () => ({ ok: false, error: "invalid_token" })),
    );
    expect(await db.auditEvent.count({ where: { userId: user.id, type: "email_confirmed" } })).toBe(1);
    const winner = winners[0] as Extract<(typeof results)[number], { ok: true }>;
    expect(winner.user.emailVerified).toBeInstanceOf(Date);
    expect((await validateSession(await startedSession(winner)))?.user.id).toBe(user.id);
  });

  it("can be peeked at any number of times without being consumed", async () => {
    const user = await registeredUser("peek", meta());
    const raw = await issue(user.id);
    expect(await peekToken(raw, "confirm_email")).toEqual({ state: "valid", userId: user.id });
    expect(await peekToken(raw, "confirm_email")).toEqual({ state: "valid", userId: user.id });
    expect(await consume(raw)).toBe(user.id);
  });

  it("reports a used token as used and refuses it the second time", async () => {
    const user = await registeredUser("used", meta());
    const raw = await issue(user.id);
    expect(await consume(raw)).toBe(user.id);
    expect(await peekToken(raw, "confirm_email")).toEqual({ state: "used", userId: user.id });
    expect(await consume(raw)).toBeNull();
  });

  it("reports an expired token as expired and refuses to consume it", async () => {
    const user = await registeredUser("expired", meta());
    const raw = await issue(user.id);
    await db.token.update({ where: { hash: sha256(raw) }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await peekToken(raw, "confirm_email")).toEqual({ state: "expired", userId: user.id });
    expect(await consume(raw)).toBeNull();
    // Refused, not consumed: it still reads as expired rather than used.
    expect(await peekToken(raw, "confirm_email")).toMatchObject({ state: "expired" });
  });

  it.each([
    ["garbage", "not a token at all"],
    ["too short", "abc"],
    ["empty", ""],
    ["well-formed but never issued", crypto.randomBytes(32).toString("base64url")],
    ["one character too long", crypto.randomBytes(32).toString("base64url") + "A"],
  ])("treats a %s token as invalid", async (_label, raw) => {
    expect(await peekToken(raw, "confirm_email")).toEqual({ state: "invalid" });
    expect(await consume(raw)).toBeNull();
  });

  it("treats a missing token as invalid", async () => {
    expect(await peekToken(null, "confirm_email")).toEqual({ state: "invalid" });
    expect(await peekToken(undefined, "reset_password")).toEqual({ state: "invalid" });
    expect(await consume(null)).toBeNull();
    expect(await consume(undefined)).toBeNull();
  });

  it("never lets a token of one purpose work for another", async () => {
    const user = await registeredUser("purpose", meta());
    const reset = await issue(user.id, "reset_password");
    expect(await peekToken(reset, "confirm_email")).toEqual({ state: "invalid" });
    expect(await consume(reset, "confirm_email")).toBeNull();
    expect(await confirmEmail(reset, meta())).toEqual({ ok: false, error: "invalid_token" });
    // The failed attempts did not burn it for its own purpose.
    expect(await peekToken(reset, "reset_password")).toEqual({ state: "valid", userId: user.id });
    expect(await consume(reset, "reset_password")).toBe(user.id);
  });

  it("voids the older token when a newer one of the same purpose is issued", async () => {
    const user = await registeredUser("newer", meta());
    const older = await issue(user.id);
    const newer = await issue(user.id);
    expect(await peekToken(older, "confirm_email")).toMatchObject({ state: "replaced" });
    expect(await consume(older)).toBeNull();
    expect(await consume(newer)).toBe(user.id);
  });

  it("keeps tokens of other purposes when a new one is issued, and voids them all on request", async () => {
    const user = await registeredUser("voiding", meta());
    const reset = await issue(user.id, "reset_password");
    const confirm = await issue(user.id, "confirm_email");
    expect(await peekToken(reset, "reset_password")).toMatchObject({ state: "valid" });

    await db.$transaction((tx) => voidTokens(tx, user.id));
    expect(await peekToken(reset, "reset_password")).toMatchObject({ state: "used" });
    expect(await peekToken(confirm, "confirm_email")).toMatchObject({ state: "used" });
  });

  it("stores only the SHA-256 of a token, and the raw token leaves the outbox once the email is sent", async () => {
    const username = uniqueName("hashonly");
    const email = `${username}@example.test`;
    expect(await registerUser(signUpInput(username, email), meta())).toEqual({ ok: true, email });
    const user = await db.user.findUniqueOrThrow({ where: { email } });

    const queued = await db.emailOutbox.findFirstOrThrow({ where: { to: email } });
    expect(queued.status).toBe("pending");
    const raw = new URL(
      queued.text.match(/http:\/\/localhost:3000\/confirm\?token=[A-Za-z0-9_-]+/)![0],
    ).searchParams.get("token")!;
    // Before delivery the body is the one place the raw token may live.
    expect(queued.html).toContain(raw);

    const [stored] = await db.token.findMany({ where: { userId: user.id } });
    expect(stored.hash).toBe(sha256(raw));
    expect(JSON.stringify(await db.token.findMany())).not.toContain(raw);
    expect(JSON.stringify(await db.auditEvent.findMany({ where: { userId: user.id } }))).not.toContain(raw);

    await deliverAll();
    const message = await mailbox(email).waitFor(/^Confirm your email/);
    expect(message.text).toContain(raw);

    const sent = await db.emailOutbox.findUniqueOrThrow({ where: { id: queued.id } });
    expect(sent.status).toBe("sent");
    expect(sent.html).not.toContain(raw);
    expect(sent.text).not.toContain(raw);
    expect(sent).toMatchObject({ html: REDACTED, text: REDACTED });
  });
});
