import "server-only";
import { cancelDeletionOnSignIn } from "@/lib/accounts/account-deletion";
import type { SignedInUser } from "@/lib/accounts/users";
import type { RequestMeta } from "@/lib/http/request";
import { startWebSession } from "@/lib/sessions/auth";
import type { Prisma } from "@/lib/generated/prisma/client";

// The end of every website sign-in (password, second step, passkey, provider, confirmation, reset and undo
// links): what a sign-in means for the account (a pending deletion is cancelled), then the session and its
// cookies (lib/sessions/auth.ts, where a browser new to the account gets its owner a notice).

/**
 * Where a sign-in that cancelled a pending deletion lands, to be told so once: the account page (with the
 * notices `landing` had for it, when it was the account page already).
 */
function afterCancelledDeletion(landing: string): string {
  const url = new URL(landing, "http://local");
  if (url.pathname !== "/account") return "/account?deletionCancelled=1";
  url.searchParams.set("deletionCancelled", "1");
  return `${url.pathname}${url.search}`;
}

/**
 * Starts the website session for a completed sign-in and answers where the browser goes next: `landing`,
 * unless the sign-in cancelled the account's deletion, which the account page then says.
 */
export async function finishWebSignIn(
  user: SignedInUser,
  meta: RequestMeta,
  {
    landing,
    ...options
  }: { landing: string; endsWithBrowser?: boolean; newBrowserNotice?: boolean; writes?: Prisma.Sql[] },
): Promise<string> {
  const cancelled = await cancelDeletionOnSignIn(user, meta);
  await startWebSession(user, meta, options);
  return cancelled ? afterCancelledDeletion(landing) : landing;
}
