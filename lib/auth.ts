import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { requestMeta } from "@/lib/request";
import { confirmEmail, signInWithPassword } from "@/lib/users";
import { loginSchema } from "@/lib/validation";

// Auth.js owns the website's session cookie (an encrypted JWT holding the user id and our session id).
// Each way of signing in is a Credentials provider whose authorize() calls one lib/ function; whether a
// session is still live is decided by lib/sessions on every read (lib/dal.ts), not by the cookie alone.

declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
  interface Session {
    sessionId?: string;
  }
}

/** A refused sign-in; `code` tells the form what to say ("invalid_credentials", "unconfirmed", "throttled:30"). */
export class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

type Started = { ok: true; user: { id: string; username: string; email: string }; sessionId: string };
type Refused = { ok: false; error: string; retryAfterSeconds?: number };

function sessionUser(result: Started | Refused) {
  if (!result.ok) {
    throw new SignInRefused(result.retryAfterSeconds ? `${result.error}:${result.retryAfterSeconds}` : result.error);
  }
  return { id: result.user.id, name: result.user.username, email: result.user.email, sessionId: result.sessionId };
}

export const { auth, signIn, signOut } = NextAuth({
  adapter: PrismaAdapter(db),
  secret: env.AUTH_SECRET,
  trustHost: true,
  useSecureCookies: env.APP_URL.startsWith("https://"),
  session: { strategy: "jwt", maxAge: env.SESSION_MAX_AGE },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      id: "password",
      credentials: { login: {}, password: {} },
      async authorize(credentials) {
        const parsed = loginSchema.safeParse(credentials);
        if (!parsed.success) throw new SignInRefused("invalid_credentials");
        return sessionUser(
          await signInWithPassword(parsed.data.login, parsed.data.password, "web", await requestMeta()),
        );
      },
    }),
    Credentials({
      id: "confirmation",
      credentials: { token: {} },
      async authorize(credentials) {
        const token = typeof credentials.token === "string" ? credentials.token : "";
        return sessionUser(await confirmEmail(token, "web", await requestMeta()));
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sid = user.sessionId;
      return token;
    },
    session({ session, token }) {
      session.sessionId = typeof token.sid === "string" ? token.sid : undefined;
      return session;
    },
  },
});

/** Maps a refused sign-in's code back to its parts. */
export function refusal(error: unknown): { error: string; retryAfterSeconds?: number } | null {
  if (!(error instanceof CredentialsSignin)) return null;
  const [code, seconds] = error.code.split(":");
  return { error: code, retryAfterSeconds: seconds ? Number(seconds) : undefined };
}
