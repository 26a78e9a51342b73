import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { cookies } from "next/headers";
import NextAuth from "next-auth";
import { decode } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { validateSession } from "@/lib/sessions/sessions";
import { seal, unseal } from "@/lib/security/signed-data";

// Auth.js owns the website's session cookie (an encrypted JWT holding our session id). Every way of signing
// in (password, confirmation link, password reset) runs in lib/ first and yields a server-side session; the
// action then hands that session to Auth.js through one Credentials provider with a signed, one-minute
// ticket. Reading the cookie back is sessionIdFromCookie below; whether that session is still live is decided
// by lib/sessions on every read (lib/sessions/dal.ts).

declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
}

const TICKET_SECONDS = 60;

const secureCookies = env.secureCookies;
// Auth.js's own default name, spelled out because sessionIdFromCookie reads the cookie too.
const SESSION_COOKIE = `${secureCookies ? "__Secure-" : ""}authjs.session-token`;

const { signIn, signOut } = NextAuth({
  adapter: PrismaAdapter(db),
  secret: env.AUTH_SECRET,
  trustHost: true,
  useSecureCookies: secureCookies,
  cookies: {
    sessionToken: {
      name: SESSION_COOKIE,
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies },
    },
  },
  session: { strategy: "jwt", maxAge: env.SESSION_MAX_AGE },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      id: "session",
      credentials: { ticket: {} },
      async authorize(credentials) {
        const ticket = unseal<{ sessionId: string }>(
          typeof credentials.ticket === "string" ? credentials.ticket : null,
        );
        const live = await validateSession(ticket?.sessionId);
        if (!live) return null;
        return { id: live.user.id, name: live.user.username, email: live.user.email, sessionId: live.sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sid = user.sessionId;
      return token;
    },
  },
});

/**
 * The session id in the website's session cookie, or null. Read with Auth.js's own decoder rather than
 * `auth()`: a page needs only the id (lib/dal checks the session itself), and `auth()` would also run the
 * session callbacks and encrypt a refreshed cookie that a page cannot set, on every signed-in request.
 */
export async function sessionIdFromCookie(): Promise<string | null> {
  const jar = await cookies();
  const value = jar.get(SESSION_COOKIE)?.value ?? joinedChunks(jar.getAll());
  if (!value) return null;
  try {
    const token = await decode({ token: value, secret: env.AUTH_SECRET, salt: SESSION_COOKIE });
    return typeof token?.sid === "string" ? token.sid : null;
  } catch {
    // Tampered, sealed under another AUTH_SECRET, or expired: signed out.
    return null;
  }
}

/** Auth.js splits a cookie over 4 KB into numbered chunks (name.0, name.1, …); ours are far smaller. */
function joinedChunks(all: { name: string; value: string }[]): string {
  const index = (name: string) => Number(name.slice(SESSION_COOKIE.length + 1));
  return all
    .filter(({ name }) => name.startsWith(`${SESSION_COOKIE}.`))
    .sort((a, b) => index(a.name) - index(b.name))
    .map(({ value }) => value)
    .join("");
}

/** Sets the session cookie for a session that lib/ just started (server actions only). */
export async function startWebSession(sessionId: string) {
  await signIn("session", { ticket: seal({ sessionId }, TICKET_SECONDS), redirect: false });
}

/**
 * Turns the session cookie just set into one that ends with the browser ("Keep me signed in" unticked).
 * The server-side session still ends at SESSION_MAX_AGE.
 */
export async function endSessionCookieWithBrowser() {
  const jar = await cookies();
  const cookie = jar.get(SESSION_COOKIE);
  if (!cookie) return;
  jar.set(SESSION_COOKIE, cookie.value, { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies });
}

/** Clears the session cookie (the server-side session is revoked by the caller). */
export async function endWebSession() {
  await signOut({ redirect: false });
}
