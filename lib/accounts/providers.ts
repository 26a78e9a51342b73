import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { type Account, type Profile } from "next-auth";
import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import {
  connectProvider,
  createAccountFromProvider,
  signInWithProvider,
  suggestUsername,
  type ProviderIdentity,
} from "@/lib/accounts/provider-accounts";
import { requestMeta, safeRedirectPath, type RequestMeta } from "@/lib/http/request";
import { deleteCookie, readSignedCookie, setSignedCookie } from "@/lib/http/signed-cookie";
import { db } from "@/lib/platform/db";
import { env, type ProviderId, type ProviderSettings } from "@/lib/platform/env";
import { parseEmail } from "@/lib/shared/email-address";
import { holdForSecondStep, rememberedBrowserId } from "@/lib/sessions/auth";
import { finishWebSignIn } from "@/lib/accounts/web-sign-in";
import { getCurrentSession } from "@/lib/sessions/dal";
import type { Failure } from "@/lib/shared/result";

// Sign-in with GitHub, Google or an OpenID Connect issuer, through Auth.js. Auth.js runs the protocol at
// /api/auth/* (state, PKCE and nonce, checked on the callback) and its Prisma adapter looks the identity up
// among the connected accounts; then its signIn callback hands the identity to lib/accounts/provider-accounts
// and always answers with a redirect. So Auth.js never writes a session cookie of its own: a provider
// sign-in ends in finishWebSignIn (lib/accounts/web-sign-in) like every other sign-in, with the same
// revocable Session row.

const FLOW_COOKIE = "provider_flow";
const PENDING_COOKIE = "provider_signup";
const FLOW_SECONDS = 10 * 60;
const PENDING_SECONDS = 30 * 60;

/** Why a provider sign-in was started: to sign in (and where to land), or to connect to this session's account. */
type Flow = { provider: ProviderId; returnTo: string; connectTo?: string };

function authJsProvider(settings: ProviderSettings): Provider {
  const { clientId, clientSecret } = settings;
  if (settings.id === "github") return GitHub({ clientId, clientSecret, userinfo: githubUserinfo });
  if (settings.id === "google") return Google({ clientId, clientSecret });
  return {
    id: "oidc",
    name: settings.name,
    type: "oidc",
    issuer: settings.issuer,
    clientId,
    clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    checks: ["pkce", "state", "nonce"],
  };
}

/**
 * GitHub's profile names a public email, verified or not; its primary address and whether GitHub verified
 * it come from /user/emails (the `user:email` scope Auth.js asks for).
 */
const githubUserinfo = {
  url: "https://api.github.com/user",
  async request({ tokens }: { tokens: { access_token?: string } }) {
    const headers = { Authorization: `Bearer ${tokens.access_token}`, "User-Agent": env.APP_NAME };
    const profile = await (await fetch("https://api.github.com/user", { headers })).json();
    const emails: { email: string; primary: boolean; verified: boolean }[] = await (
      await fetch("https://api.github.com/user/emails", { headers })
    ).json();
    const primary = Array.isArray(emails) ? emails.find((email) => email.primary) : undefined;
    return { ...profile, email: primary?.email ?? null, email_verified: primary?.verified === true };
  },
};

const adapter = PrismaAdapter(db);

export const { handlers, signIn } = NextAuth({
  // Auth.js asks the adapter whose an identity is before its callback runs. Nothing else of the adapter
  // is reached: the signIn callback below always redirects, so Auth.js never creates users or sessions.
  adapter,
  secret: env.AUTH_SECRET,
  basePath: "/api/auth",
  trustHost: true,
  useSecureCookies: env.secureCookies,
  session: { strategy: "jwt", maxAge: env.SESSION_MAX_AGE },
  // A refused or tampered callback (bad state, a replayed code) lands on /login with ?error=.
  pages: { signIn: "/login", error: "/login" },
  providers: env.providers.map(authJsProvider),
  callbacks: {
    async signIn({ account, profile }) {
      if (!account || !profile) return false;
      return finishProviderSignIn(account, profile);
    },
  },
});

/** Where a provider's callback goes next: the outcome as a same-origin path, after any session is started. */
async function finishProviderSignIn(account: Account, profile: Profile): Promise<string> {
  const flow = await readSignedCookie<Flow>(FLOW_COOKIE);
  await deleteCookie(FLOW_COOKIE);
  const identity = identityOf(account, profile);
  const provider = account.provider;
  if (!identity) return `/login?provider_error=no_email&provider=${provider}`;
  const meta = await requestMeta();

  if (flow?.connectTo && flow.provider === identity.provider) {
    const current = await getCurrentSession();
    // Only the session that pressed "Connect" may connect, and only to its own account.
    if (current && current.sessionId === flow.connectTo) {
      const connected = await connectProvider(current.user.id, identity, meta);
      return connected.ok
        ? `/account/security?connected=${provider}`
        : `/account/security?error=${connected.error}&provider=${provider}`;
    }
  }

  const returnTo = safeRedirectPath(flow?.returnTo);
  const result = await signInWithProvider(identity, meta, await rememberedBrowserId());
  if (result.ok) return finishWebSignIn(result.user, meta, { landing: returnTo });
  if (result.error === "second_step") {
    // Two-factor is on: the same second step as after a password; the code starts the session.
    await holdForSecondStep(result.secondStepToken);
    return `/login/two-factor?callbackUrl=${encodeURIComponent(returnTo)}`;
  }
  if (result.error === "new_person") {
    await setSignedCookie(PENDING_COOKIE, identity, PENDING_SECONDS, "/register");
    return "/register/username";
  }
  const wait = result.error === "throttled" ? `&retry=${result.retryAfterSeconds ?? 60}` : "";
  return `/login?provider_error=${result.error}&provider=${provider}${wait}`;
}

function identityOf(account: Account, profile: Profile): ProviderIdentity | null {
  const email = typeof profile.email === "string" ? parseEmail(profile.email) : null;
  if (!email) return null;
  // Some issuers send the claim as a string.
  const verified = String(profile.email_verified) === "true";
  const login = (profile as { login?: unknown }).login;
  return {
    provider: account.provider as ProviderId,
    providerAccountId: account.providerAccountId,
    type: account.type,
    email,
    emailVerified: verified,
    suggestedUsername: suggestUsername(
      typeof profile.preferred_username === "string" ? profile.preferred_username : null,
      typeof login === "string" ? login : null,
      typeof profile.nickname === "string" ? profile.nickname : null,
      email.slice(0, email.indexOf("@")),
    ),
  };
}

/** Sends the browser to the provider to sign in (the "Continue with …" buttons). Server actions only. */
export async function startProviderSignIn(provider: ProviderId, returnTo: unknown) {
  await setSignedCookie(FLOW_COOKIE, { provider, returnTo: safeRedirectPath(returnTo) } satisfies Flow, FLOW_SECONDS);
  await signIn(provider, { redirectTo: "/account" });
}

/** Sends a signed-in browser to the provider to connect it to this account (the security page's "Connect"). */
export async function startProviderConnect(provider: ProviderId, sessionId: string) {
  const flow: Flow = { provider, returnTo: "/account/security", connectTo: sessionId };
  await setSignedCookie(FLOW_COOKIE, flow, FLOW_SECONDS);
  await signIn(provider, { redirectTo: "/account/security" });
}

/** The new person waiting to choose a username, from the cookie the callback set; null when none. */
export async function pendingProviderSignUp(): Promise<ProviderIdentity | null> {
  return readSignedCookie<ProviderIdentity>(PENDING_COOKIE);
}

export type ChooseUsernameResult =
  | { ok: true; next: string }
  | Failure<"expired" | "email_taken" | "invalid" | "username_taken" | "throttled">;

/**
 * The "choose your username" step: creates the account, then signs in or asks to confirm the address.
 * Field errors are Validation message keys.
 */
export async function chooseProviderUsername(username: string, meta: RequestMeta): Promise<ChooseUsernameResult> {
  const identity = await pendingProviderSignUp();
  if (!identity) return { ok: false, error: "expired" };
  const result = await createAccountFromProvider(identity, username, meta);
  if (!result.ok) {
    const { error, fieldErrors, retryAfterSeconds } = result;
    if (error === "invalid" || error === "username_taken" || error === "throttled") {
      return { ok: false, error, fieldErrors, retryAfterSeconds };
    }
    await deleteCookie(PENDING_COOKIE, "/register");
    return { ok: false, error: "email_taken" };
  }
  await deleteCookie(PENDING_COOKIE, "/register");
  if (!result.confirmed) return { ok: true, next: "confirm" };
  // Two-factor cannot be on yet for an account made a moment ago, and its first sign-in is no news to anyone.
  const next = await finishWebSignIn(result.user, meta, { landing: "/account?welcome=1", newBrowserNotice: false });
  return { ok: true, next };
}
