"use server";

import { redirect } from "next/navigation";
import { enterSession } from "../login/sign-in-session";
import { formatWait } from "@/lib/shared/format";
import { requestMeta } from "@/lib/http/request";
import { confirmEmail, resendConfirmationForToken } from "@/lib/accounts/confirmation";

export type TokenActionState = { error?: string; sent?: boolean };

/** POST of the "Confirm my email" button: consumes the token, signs the user in, lands on /account. */
export async function confirm(_previous: TokenActionState, formData: FormData): Promise<TokenActionState> {
  const result = await confirmEmail(String(formData.get("token") ?? ""), "web", await requestMeta());
  if (!result.ok) {
    if (result.error === "throttled") {
      return {
        error: `Too many attempts from your network. Try again in ${formatWait(result.retryAfterSeconds ?? 60)}.`,
      };
    }
    return { error: "This link is no longer valid. It may have been used already; try signing in." };
  }
  await enterSession(result.sessionId);
  redirect("/account?welcome=1");
}

/** "Send me a new link" from an expired or used link; the same answer whatever the token names. */
export async function resendFromLink(_previous: TokenActionState, formData: FormData): Promise<TokenActionState> {
  resendConfirmationForToken(String(formData.get("token") ?? ""), await requestMeta());
  return { sent: true };
}
