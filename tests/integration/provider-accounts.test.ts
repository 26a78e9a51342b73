import { describe, expect, it } from "vitest";
import { db } from "@/lib/platform/db";
import {
  connectProvider,
  createAccountFromProvider,
  disconnectProvider,
  signInWithProvider,
  type ProviderIdentity,
} from "@/lib/accounts/provider-accounts";
import { confirmEmail } from "@/lib/accounts/confirmation";
import { requestPasswordReset, resetPassword } from "@/lib/accounts/passwords";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { removePasskey } from "@/lib/accounts/passkeys";
import { registerUser } from "@/lib/accounts/sign-up";
import {
  CONFIRM_SUBJECT,
  confirmationToken,
  deliverAll,
  mailbox,
  metaFactory,
  registeredUser,
  signUpInput,
  uniqueName,
} from "./accounts-support";
import { resetToken } from "./password-support";

const meta = metaFactory(import.meta.url);

function identity(label: string, emailVerified = true, email?: string): ProviderIdentity {
  const name = uniqueName(label);
  return {
    provider: "oidc",
    providerAccountId: `sub-${name}`,
    type: "oidc",
    email: email ?? `${name}@idp.example`,
    emailVerified,
    suggestedUsername: name,
  };
}

describe("accounts made through a sign-in provider", () => {
  it("creates a confirmed account without a password when the provider vouches for the address, and keeps no tokens", async () => {
    const person = identity("vouched");
    const result = await createAccountFromProvider(person, person.suggestedUsername, meta());

    expect(result).toMatchObject({ ok: true, confirmed: true, user: { email: person.email } });
    const user = await db.user.findUniqueOrThrow({ where: { email: person.email }, include: { accounts: true } });
    expect(user.emailVerified).toBeInstanceOf(Date);
    expect(user.passwordHash).toBeNull();
    expect(user.accounts).toEqual([
      expect.objectContaining({
        provider: "oidc",
        providerAccountId: person.providerAccountId,
        access_token: null,
        refresh_token: null,
        id_token: null,
      }),
    ]);
    expect(await signInWithProvider(person, meta())).toMatchObject({ ok: true, user: { id: user.id } });
    const events = await db.auditEvent.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => [event.type, event.detail])).toEqual([
      ["signup", "oidc"],
      ["login", "oidc"],
      ["login", "oidc"],
    ]);
  });

  it("emails a confirmation link first when the provider does not vouch for the address", async () => {
    const person = identity("unvouched", false);
    expect(await createAccountFromProvider(person, person.suggestedUsername, meta())).toMatchObject({
      ok: true,
      confirmed: false,
    });
    expect(await signInWithProvider(person, meta())).toEqual({ ok: false, error: "unconfirmed" });
    await deliverAll();
    await mailbox(person.email).waitFor(CONFIRM_SUBJECT);
    expect(await confirmEmail(await confirmationToken(person.email), meta())).toMatchObject({ ok: true });
    expect(await signInWithProvider(person, meta())).toMatchObject({ ok: true });
  });

  it("never connects an identity to an existing account by its address, and tells the owner", async () => {
    const owner = await registeredUser("owner", meta());
    const stranger = identity("stranger", true, owner.email);

    expect(await signInWithProvider(stranger, meta())).toEqual({ ok: false, error: "email_taken" });
    expect(await createAccountFromProvider(stranger, uniqueName("other"), meta())).toMatchObject({
      ok: false,
      error: "email_taken",
    });
    expect(await db.account.count({ where: { userId: owner.id } })).toBe(0);
    expect(await db.emailOutbox.count({ where: { to: owner.email, template: "provider-not-linked" } })).toBe(1);

    expect(await connectProvider(owner.id, stranger, meta())).toEqual({ ok: true });
    expect(await db.account.count({ where: { userId: owner.id } })).toBe(1);
  });

  it("refuses to disconnect the last way to sign in, and allows it once a password exists", async () => {
    const person = identity("lastway");
    const created = await createAccountFromProvider(person, person.suggestedUsername, meta());
    if (!created.ok) throw new Error("sign-up failed");

    expect(await disconnectProvider(created.user.id, "oidc", meta())).toEqual({ ok: false, error: "last_method" });
    expect(await db.account.count({ where: { userId: created.user.id } })).toBe(1);

    await db.user.update({
      where: { id: created.user.id },
      data: { passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$x$y" },
    });
    expect(await disconnectProvider(created.user.id, "oidc", meta())).toEqual({ ok: true });
    expect(await db.account.count({ where: { userId: created.user.id } })).toBe(0);
  });

  it("counts a passkey as a way to sign in: the provider may go, and then the passkey may not", async () => {
    const person = identity("passkeyway");
    const created = await createAccountFromProvider(person, person.suggestedUsername, meta());
    if (!created.ok) throw new Error("sign-up failed");
    await db.passkey.create({
      data: {
        id: `passkey-${person.suggestedUsername}`,
        userId: created.user.id,
        name: "Laptop",
        publicKey: Buffer.from("not a real key"),
        deviceType: "singleDevice",
        backedUp: false,
      },
    });

    expect(await disconnectProvider(created.user.id, "oidc", meta())).toEqual({ ok: true });
    expect(await removePasskey(created.user.id, `passkey-${person.suggestedUsername}`, meta())).toEqual({
      ok: false,
      error: "last_way_in",
    });
    expect(await db.passkey.count({ where: { userId: created.user.id } })).toBe(1);
  });

  it("answers a taken username as a field error and creates nothing", async () => {
    const first = identity("taken");
    await createAccountFromProvider(first, first.suggestedUsername, meta());
    const second = identity("second");
    expect(await createAccountFromProvider(second, first.suggestedUsername, meta())).toMatchObject({
      ok: false,
      error: "username_taken",
      fieldErrors: { username: [expect.any(String)] },
    });
    expect(await db.user.count({ where: { email: second.email } })).toBe(0);
  });

  it("refuses a username that a live sign-up attempt holds, like sign-up does", async () => {
    const held = uniqueName("held");
    await registerUser(signUpInput(held, `${held}@example.test`), meta());
    const person = identity("holder");
    expect(await createAccountFromProvider(person, held, meta())).toMatchObject({
      ok: false,
      error: "username_taken",
      fieldErrors: { username: ["usernameTaken"] },
    });
    expect(await db.user.count({ where: { email: person.email } })).toBe(0);
  });

  it("writes the notice to the owner in the owner's language, not the visitor's", async () => {
    const owner = await registeredUser("ownerpt", { ...meta(), locale: "pt-BR" });
    const stranger = identity("strangerpt", true, owner.email);
    expect(await signInWithProvider(stranger, { ...meta(), locale: "en" })).toEqual({
      ok: false,
      error: "email_taken",
    });
    await deliverAll();
    const notice = await mailbox(owner.email).waitFor(/^Alguém tentou entrar no .* com o /);
    expect(notice.text).toContain("conecte o");
  });

  // Pre-hijacking: a provider that does not vouch for the address leaves an unconfirmed account connected to
  // the attacker's identity; the address's real owner then signs up with a password and confirms.
  it("disconnects a provider connected before the address was proven when a password sign-up's link proves it", async () => {
    const attacker = identity("prehijack", false);
    const created = await createAccountFromProvider(attacker, attacker.suggestedUsername, meta());
    if (!created.ok) throw new Error("provider sign-up failed");
    await deliverAll();

    const victim = uniqueName("victim");
    await registerUser(signUpInput(victim, attacker.email), meta());
    // The newest confirmation email is the victim's sign-up's.
    const confirmed = await confirmEmail(await confirmationToken(attacker.email, 2), meta());

    expect(confirmed).toMatchObject({ ok: true, user: { username: victim } });
    expect(await db.account.count({ where: { userId: created.user.id } })).toBe(0);
    expect(await signInWithProvider(attacker, meta())).toEqual({ ok: false, error: "email_taken" });
  });

  it("disconnects a provider connected before the address was proven when a reset link proves it", async () => {
    const attacker = identity("prehijackreset", false);
    const created = await createAccountFromProvider(attacker, attacker.suggestedUsername, meta());
    if (!created.ok) throw new Error("provider sign-up failed");

    await requestPasswordReset(attacker.email, meta());
    const reset = await resetPassword(await resetToken(attacker.email), "a brand new passphrase 7781", "web", meta());

    expect(reset).toMatchObject({ ok: true });
    expect(await db.account.count({ where: { userId: created.user.id } })).toBe(0);
    expect(await signInWithProvider(attacker, meta())).toEqual({ ok: false, error: "email_taken" });
  });

  it("keeps the provider when its own confirmation link proves the address", async () => {
    const person = identity("ownlink", false);
    const created = await createAccountFromProvider(person, person.suggestedUsername, meta());
    if (!created.ok) throw new Error("provider sign-up failed");
    expect(await confirmEmail(await confirmationToken(person.email), meta())).toMatchObject({ ok: true });
    expect(await db.account.count({ where: { userId: created.user.id } })).toBe(1);
  });

  it("lets an account made through a provider add a password with the reset flow, and then sign in with it", async () => {
    const person = identity("addpassword");
    const created = await createAccountFromProvider(person, person.suggestedUsername, meta());
    if (!created.ok) throw new Error("provider sign-up failed");
    const password = "a passphrase of my own 5512";

    await requestPasswordReset(person.email, meta());
    expect(await resetPassword(await resetToken(person.email), password, "web", meta())).toMatchObject({ ok: true });

    expect(await signInWithPassword(person.suggestedUsername, password, "web", meta())).toMatchObject({
      ok: true,
      user: { id: created.user.id },
    });
    // Confirmed by the provider, the account keeps its provider, which may now go.
    expect(await db.account.count({ where: { userId: created.user.id } })).toBe(1);
    expect(await disconnectProvider(created.user.id, "oidc", meta())).toEqual({ ok: true });
  });
});
