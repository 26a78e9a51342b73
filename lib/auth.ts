import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { validateSession } from "@/lib/sessions";
import { seal, unseal } from "@/lib/signed-data";

// Auth.js owns the website's session cookie (an encrypted JWT holding our session id). Every way of signing
// in (password, confirmation link, password reset) runs in lib/ first and yields a server-side session; the
// action then hands that session to Auth.js through one Credentials provider with a signed, one-minute
// ticket. Whether a session is still live is decided by lib/sessions on every read (lib/dal.ts).

declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
  interface Session {
    sessionId?: string;
  }
}

const TICKET_SECONDS = 60;

const { auth, signIn, signOut } = NextAuth({
  adapter: PrismaAdapter(db),
  secret: env.AUTH_SECRET,
  trustHost: true,
  useSecureCookies: env.APP_URL.startsWith("https://"),
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
    session({ session, token }) {
      session.sessionId = typeof token.sid === "string" ? token.sid : undefined;
      return session;
    },
  },
});

export { auth };

/** Sets the session cookie for a session that lib/ just started (server actions only). */
export async function startWebSession(sessionId: string) {
  await signIn("session", { ticket: seal({ sessionId }, TICKET_SECONDS), redirect: false });
}

/** Clears the session cookie (the server-side session is revoked by the caller). */
export async function endWebSession() {
  await signOut({ redirect: false });
}
