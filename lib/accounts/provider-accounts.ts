import "server-only";
import { recordEvent } from "@/lib/accounts/audit";
import { queueAccountLink } from "@/lib/accounts/confirmation";
import { isHeldForUndo } from "@/lib/accounts/email-change";
import { isRememberedBrowser, startSecondStep } from "@/lib/accounts/two-factor";
import { usernameTaken } from "@/lib/accounts/sign-up";
import {
  emailLocale,
  isUniqueViolation,
  lockSignup,
  SIGNUP_BUSY,
  signupTransaction,
  usernameHeld,
  type UserRow,
  waysToSignIn,
} from "@/lib/accounts/users";
import { enqueueEmail, wakeOutbox } from "@/lib/email/outbox";
import type { RequestMeta } from "@/lib/http/request";
import { db } from "@/lib/platform/db";
import { env, type ProviderId } from "@/lib/platform/env";
import { lockRemaining } from "@/lib/security/login-throttle";
import { emailQuota, limitPerIp } from "@/lib/security/rate-limit";
import type { Failure } from "@/lib/shared/result";
import { usernameSchema } from "@/lib/shared/validation";

// The rules of signing in with a provider (GitHub, Google, an OpenID Connect issuer). Auth.js does the
// protocol and hands over the identity; what it may do here:
// - an identity already connected signs its account in (locks and confirmation still apply);
// - an address no account has makes a new account once the person picks a username; it is confirmed only
//   when the provider vouches for the address, else the usual confirmation email goes out first;
// - an address an account already has is never connected on its own: the owner connects it from the
//   security page after signing in the usual way, and is told about the attempt;
// - the last way to sign in (password, connected provider or passkey) cannot be removed.
// Account rows are written here rather than through the adapter, because a new account needs its username
// first, and so that the provider's access, refresh and id tokens are never stored: nothing needs them.

export type ProviderIdentity = {
  provider: ProviderId;
  providerAccountId: string;
  /** "oauth" or "oidc", as Auth.js names the protocol. */
  type: string;
  /** Normalised. */
  email: string;
  /** The provider says the address is its user's (OIDC email_verified, GitHub's verified primary email). */
  emailVerified: boolean;
  suggestedUsername: string;
};

export type ProviderSignIn =
  | { ok: true; user: UserRow }
  | (Failure<"second_step"> & { secondStepToken: string })
  | Failure<"new_person" | "email_taken" | "unconfirmed" | "throttled">;

export function providerName(provider: string): string {
  return env.providers.find((p) => p.id === provider)?.name ?? provider;
}

/**
 * What a provider identity signs in to, if anything. Records the refusals; the caller starts the website
 * session. The provider stands in for the password only: with two-factor on, the sign-in answers
 * "second_step" with the token the code completes (unless `rememberedBrowserId` names a browser remembered
 * for this account).
 */
export async function signInWithProvider(
  identity: ProviderIdentity,
  meta: RequestMeta,
  rememberedBrowserId?: string | null,
): Promise<ProviderSignIn> {
  const linked = await db.account.findUnique({
    where: {
      provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.providerAccountId },
    },
    include: { user: true },
  });
  if (!linked) {
    const owner = await db.user.findUnique({ where: { email: identity.email } });
    if (!owner) return { ok: false, error: "new_person" };
    await notifyNotLinked(owner, identity, meta);
    return { ok: false, error: "email_taken" };
  }
  const user = linked.user;
  const locked = await lockRemaining([user.username, user.email]);
  if (locked !== null) {
    await recordEvent(
      db,
      { type: "login_throttled", userId: user.id, outcome: "failure", detail: identity.provider },
      meta,
    );
    return { ok: false, error: "throttled", retryAfterSeconds: locked };
  }
  if (!user.emailVerified) {
    await recordEvent(
      db,
      { type: "login_unconfirmed", userId: user.id, outcome: "failure", detail: identity.provider },
      meta,
    );
    return { ok: false, error: "unconfirmed" };
  }
  if (user.totpEnabledAt && !(await isRememberedBrowser(rememberedBrowserId, user))) {
    return { ok: false, error: "second_step", secondStepToken: await startSecondStep(user, "web", meta) };
  }
  await recordEvent(db, { type: "login", userId: user.id, detail: identity.provider }, meta);
  return { ok: true, user };
}

async function notifyNotLinked(owner: UserRow, identity: ProviderIdentity, meta: RequestMeta) {
  await recordEvent(
    db,
    { type: "provider_not_linked", userId: owner.id, outcome: "failure", detail: identity.provider },
    meta,
  );
  if (!(await emailQuota(owner.email))) return;
  await db.$transaction((tx) =>
    enqueueEmail(tx, owner.email, "provider-not-linked", {
      // The owner's language: whoever signed in with the provider may not be the owner.
      locale: emailLocale(owner),
      appName: env.APP_NAME,
      username: owner.username,
      provider: providerName(identity.provider),
      securityLink: `${env.APP_URL}/account/security`,
      resetLink: `${env.APP_URL}/forgot-password?email=${encodeURIComponent(owner.email)}`,
    }),
  );
  wakeOutbox();
}

export type ProviderSignUp =
  | { ok: true; user: UserRow; confirmed: boolean }
  | Failure<"invalid" | "username_taken" | "email_taken" | "already_connected" | "throttled">;

/**
 * Creates the account of a new person who signed in with a provider, under the username they chose, and
 * connects the identity. Confirmed at once when the provider vouched for the address; otherwise a
 * confirmation email is queued and the caller sends the person to check their inbox. The username rules
 * are sign-up's: a username an account or a live sign-up attempt holds is taken; an address held for an
 * email-change undo cannot be used. Field errors are Validation message keys.
 */
export async function createAccountFromProvider(
  identity: ProviderIdentity,
  chosenUsername: string,
  meta: RequestMeta,
): Promise<ProviderSignUp> {
  const parsed = usernameSchema.safeParse(chosenUsername);
  if (!parsed.success) {
    return { ok: false, error: "invalid", fieldErrors: { username: parsed.error.issues.map((i) => i.message) } };
  }
  const username = parsed.data;
  const throttled = await limitPerIp(meta, "signup");
  if (throttled) return throttled;
  if (await isHeldForUndo(identity.email)) return { ok: false, error: "email_taken" };
  const locale = meta.locale ?? env.DEFAULT_LOCALE;
  try {
    const outcome = await signupTransaction(async (tx) => {
      // Serialised with sign-ups and confirmations of this address and username.
      await lockSignup(tx, { email: identity.email, username });
      if (await usernameHeld(tx, username)) return "username_taken" as const;
      if (await tx.user.findUnique({ where: { email: identity.email }, select: { id: true } })) {
        return "email_taken" as const;
      }
      const created = await tx.user.create({
        data: {
          username,
          email: identity.email,
          emailVerified: identity.emailVerified ? new Date() : null,
          passwordHash: null,
          locale,
        },
      });
      await tx.account.create({ data: accountRow(created.id, identity) });
      await recordEvent(tx, { type: "signup", userId: created.id, detail: identity.provider }, meta);
      if (identity.emailVerified) {
        await recordEvent(tx, { type: "login", userId: created.id, detail: identity.provider }, meta);
      } else {
        await queueAccountLink(tx, created);
      }
      return created;
    });
    if (outcome === SIGNUP_BUSY) return { ok: false, error: "throttled", retryAfterSeconds: 1 };
    if (outcome === "username_taken") return usernameTaken;
    if (outcome === "email_taken") return { ok: false, error: "email_taken" };
    wakeOutbox();
    return { ok: true, user: outcome, confirmed: identity.emailVerified };
  } catch (error) {
    // Accounts made outside sign-up (the operator's create-admin) take no sign-up lock.
    if (!isUniqueViolation(error)) throw error;
    if (await db.user.findUnique({ where: { email: identity.email }, select: { id: true } })) {
      return { ok: false, error: "email_taken" };
    }
    if (await db.user.findUnique({ where: { username }, select: { id: true } })) return usernameTaken;
    return { ok: false, error: "already_connected" };
  }
}

/** The identity, without any of the provider's tokens. */
function accountRow(userId: string, identity: ProviderIdentity) {
  return { userId, type: identity.type, provider: identity.provider, providerAccountId: identity.providerAccountId };
}

/** Connects a provider identity to a signed-in account (the "Connect" button on the security page). */
export async function connectProvider(
  userId: string,
  identity: ProviderIdentity,
  meta: RequestMeta,
): Promise<{ ok: true } | Failure<"connected_elsewhere">> {
  const key = { provider: identity.provider, providerAccountId: identity.providerAccountId };
  const existing = await db.account.findUnique({ where: { provider_providerAccountId: key } });
  if (existing) return existing.userId === userId ? { ok: true } : { ok: false, error: "connected_elsewhere" };
  try {
    await db.$transaction(async (tx) => {
      await tx.account.create({ data: accountRow(userId, identity) });
      await recordEvent(tx, { type: "provider_connected", userId, detail: identity.provider }, meta);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { ok: false, error: "connected_elsewhere" };
  }
  return { ok: true };
}

/** Disconnects a provider, unless it is the account's last way to sign in (lib/accounts/users waysToSignIn). */
export async function disconnectProvider(
  userId: string,
  provider: string,
  meta: RequestMeta,
): Promise<{ ok: true } | Failure<"last_method" | "not_connected">> {
  return db.$transaction(async (tx) => {
    const ways = await waysToSignIn(tx, userId);
    const connected = await tx.account.findFirst({ where: { userId, provider }, select: { provider: true } });
    if (!connected) return { ok: false, error: "not_connected" };
    if (ways <= 1) return { ok: false, error: "last_method" };
    await tx.account.deleteMany({ where: { userId, provider } });
    await recordEvent(tx, { type: "provider_disconnected", userId, detail: provider }, meta);
    return { ok: true };
  });
}

/** Whether the account has a password (an account made through a provider has none until it sets one). */
export async function hasPassword(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return Boolean(user?.passwordHash);
}

export type ConnectedProvider = { provider: string; name: string; connectedAt: Date };

/** The providers connected to an account, configured or not (a removed configuration still shows). */
export async function connectedProviders(userId: string): Promise<ConnectedProvider[]> {
  const accounts = await db.account.findMany({
    where: { userId },
    select: { provider: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return accounts.map((a) => ({ provider: a.provider, name: providerName(a.provider), connectedAt: a.createdAt }));
}

/** A username suggestion from a provider profile: the usual rules, or empty when nothing fits. */
export function suggestUsername(...candidates: (string | null | undefined)[]): string {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const cleaned = candidate
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9_.-]+/g, "_")
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "")
      .slice(0, 32);
    if (usernameSchema.safeParse(cleaned).success) return cleaned;
  }
  return "";
}
