import "server-only";
import { db } from "@/lib/platform/db";
import { loginKey } from "@/lib/security/login-throttle";

// The account row as the flows use it, and how a sign-in name finds it.

export type UserRow = {
  id: string;
  username: string;
  email: string;
  emailVerified: Date | null;
  roles: string[];
  // A session started for this row is live only at this version (lib/sessions/sessions).
  sessionVersion: number;
};

export function isUniqueViolation(error: unknown): boolean {
  // Through driver adapters P2002 arrives without meta.target, so only the code is reliable.
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** The user a sign-in name points at: an email when it holds "@", else a username. */
export function findUserByLogin(login: string) {
  const identifier = loginKey(login);
  return db.user.findUnique({ where: identifier.includes("@") ? { email: identifier } : { username: identifier } });
}
