import "server-only";
import { db } from "@/lib/platform/db";
import { loginKey } from "@/lib/security/login-throttle";
import { env } from "@/lib/platform/env";
import { isLocale, type Locale } from "@/lib/shared/locales";

// The account row as the flows use it, and how a sign-in name finds it.

export type UserRow = {
  id: string;
  username: string;
  email: string;
  emailVerified: Date | null;
  roles: string[];
  /** The account's language (lib/shared/locales); null when it never chose one. */
  locale: string | null;
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

/** Saves the account's language: its pages and emails use it from now on. */
export async function saveLocale(userId: string, locale: Locale) {
  await db.user.update({ where: { id: userId }, data: { locale } });
}

/**
 * The language of an email to this account: the account's saved choice, else the language of the request
 * that caused it (a page, or the API's Accept-Language), else DEFAULT_LOCALE.
 */
export function emailLocale(user: { locale: string | null } | null, meta?: { locale?: Locale }): Locale {
  if (user && isLocale(user.locale)) return user.locale;
  return meta?.locale ?? env.DEFAULT_LOCALE;
}
