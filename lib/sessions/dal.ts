import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { sessionIdFromCookie } from "@/lib/sessions/auth";
import { validateSession } from "@/lib/sessions/sessions";

// The data-access gate: every protected page, route handler and server action asks here, and the answer
// comes from the database (revoked or outdated sessions are refused), not from the cookie alone.

/** The signed-in user and session id, or null. Checked once per request. */
export const getCurrentSession = cache(async () => {
  return validateSession(await sessionIdFromCookie());
});

/** The signed-in user, or a redirect to /login that comes back to `returnTo` afterwards. */
export async function requireUser(returnTo: string) {
  const current = await getCurrentSession();
  if (!current) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return current;
}

/** The signed-in administrator; anyone else gets a 404 (the page's existence is not advertised). */
export async function requireAdmin(returnTo: string) {
  const current = await requireUser(returnTo);
  if (!current.user.roles.includes("admin")) notFound();
  return current;
}
