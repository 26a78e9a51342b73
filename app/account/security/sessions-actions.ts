"use server";

import { redirect } from "next/navigation";
import { requestMeta } from "@/lib/http/request";
import { signOutOwnSession } from "@/lib/accounts/sign-out";
import { requireUser } from "@/lib/sessions/dal";

/** "Sign out" on one row of the sessions list. Signing out this browser goes through the header's button. */
export async function signOutSessionAction(formData: FormData) {
  const { user, sessionId } = await requireUser("/account/security");
  const target = String(formData.get("sessionId") ?? "");
  const ended = target !== sessionId && (await signOutOwnSession(user.id, target, await requestMeta()));
  redirect(ended ? "/account/security?signedOutSession=1#sessions" : "/account/security#sessions");
}
