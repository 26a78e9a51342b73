import { describe, expect, it } from "vitest";
import { confirmEmail } from "@/lib/accounts/confirmation";
import { registerUser } from "@/lib/accounts/sign-up";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { db } from "@/lib/platform/db";
import { peekToken } from "@/lib/security/tokens";
import { confirmationToken, metaFactory, PASSWORD, signUpInput, uniqueName } from "./accounts-support";

// A person who typed the wrong address, or signs up again from the same browser, is not refused their own
// username; an unconfirmed sign-up whose links have all expired holds nothing.

const meta = metaFactory(import.meta.url);

describe("correcting a sign-up", () => {
  it("moves the sign-up to the corrected address: the old link stops working and the username signs in there", async () => {
    const username = uniqueName("typo");
    const typo = `${username}@exmaple.test`;
    const right = `${username}@example.test`;
    expect(await registerUser(signUpInput(username, typo), meta())).toEqual({ ok: true, email: typo });
    const oldToken = await confirmationToken(typo);

    const moved = await registerUser(signUpInput(username, right), meta(), { replaces: { email: typo, username } });

    expect(moved).toEqual({ ok: true, email: right });
    // Nothing of the mistyped address is left to confirm, and it holds nothing.
    expect(await db.user.findUnique({ where: { email: typo } })).toBeNull();
    expect((await peekToken(oldToken, "confirm_email")).state).toBe("invalid");
    const confirmed = await confirmEmail(await confirmationToken(right), meta());
    expect(confirmed.ok && confirmed.user.username).toBe(username);
    expect((await signInWithPassword(username, PASSWORD, "web", meta())).ok).toBe(true);
  });

  it("without the browser's own sign-up named, the username stays held by the first address", async () => {
    const username = uniqueName("held");
    await registerUser(signUpInput(username, `${username}@one.test`), meta());
    expect(await registerUser(signUpInput(username, `${username}@two.test`), meta())).toMatchObject({
      error: "username_taken",
    });
  });

  it("withdraws only the named sign-up: another person's attempt on the same address keeps its link", async () => {
    const address = `${uniqueName("shared")}@example.test`;
    const first = uniqueName("first");
    const second = uniqueName("second");
    await registerUser(signUpInput(first, address), meta());
    await registerUser(signUpInput(second, address), meta());
    const firstsToken = await confirmationToken(address, 1);

    const elsewhere = `${second}@example.test`;
    await registerUser(signUpInput(second, elsewhere), meta(), { replaces: { email: address, username: second } });

    const account = await db.user.findUniqueOrThrow({ where: { email: address }, include: { attempts: true } });
    expect(account.attempts.map((attempt) => attempt.username)).toEqual([first]);
    // The account row no longer carries the withdrawn username.
    expect(account.username).toBe(first);
    expect((await peekToken(firstsToken, "confirm_email")).state).toBe("valid");
  });

  it("never withdraws from a confirmed account", async () => {
    const username = uniqueName("owner");
    const email = `${username}@example.test`;
    await registerUser(signUpInput(username, email), meta());
    await confirmEmail(await confirmationToken(email), meta());

    const other = uniqueName("other");
    await registerUser(signUpInput(other, `${other}@example.test`), meta(), { replaces: { email, username } });

    expect(await db.user.findUnique({ where: { email } })).toMatchObject({ username, emailVerified: expect.any(Date) });
  });
});

describe("an unconfirmed account whose links have all expired", () => {
  it("no longer holds its username: a sign-up with another address takes it", async () => {
    const username = uniqueName("stale");
    const stale = `${username}@old.test`;
    await registerUser(signUpInput(username, stale), meta());
    const user = await db.user.findUniqueOrThrow({ where: { email: stale } });
    const past = new Date(Date.now() - 1_000);
    await db.signupAttempt.updateMany({ where: { userId: user.id }, data: { expiresAt: past } });
    await db.token.updateMany({ where: { userId: user.id }, data: { expiresAt: past } });

    const fresh = `${username}@new.test`;
    expect(await registerUser(signUpInput(username, fresh), meta())).toEqual({ ok: true, email: fresh });
    expect(await db.user.findUnique({ where: { email: stale } })).toBeNull();
  });

  it("keeps holding it while a link still works", async () => {
    const username = uniqueName("live");
    await registerUser(signUpInput(username, `${username}@old.test`), meta());
    expect(await registerUser(signUpInput(username, `${username}@new.test`), meta())).toMatchObject({
      error: "username_taken",
    });
  });
});
