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
import {
  CONFIRM_SUBJECT,
  confirmationToken,
  deliverAll,
  mailbox,
  metaFactory,
  registeredUser,
  uniqueName,
} from "./accounts-support";

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
});
