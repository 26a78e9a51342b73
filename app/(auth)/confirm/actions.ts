"use server";

import { redirect } from "next/navigation";
import { startWebSession } from "@/lib/sessions/auth";
import { throttledMessage } from "@/lib/shared/messages";
import { requestMeta } from "@/lib/http/request";
import { confirmEmail, resendConfirmationForToken } from "@/lib/accounts/confirmation";

export type TokenActionState = { error?: string; sent?: boolean };

/** POST of the "Confirm my email" button: consumes the token, signs the user in, lands on /account. */
export async function confirm(_previous: TokenActionState, formData: FormData): Promise<TokenActionState> {
  const result = await confirmEmail(String(formData.get("token") ?? ""), "web", await requestMeta());
  if (!result.ok) {
    if (result.error === "throttled") {
      return { error: throttledMessage(result.retryAfterSeconds) };
    }
    return { error: "This link is no longer valid. It may have been used already; try signing in." };
  }
  await startWebSession(result.sessionId);
  redirect("/account?welcome=1");
}

/** "Send me a new link" from an expired or used link; the same answer whatever the token names. */
export async function resendFromLink(_previous: TokenActionState, formData: FormData): Promise<TokenActionState> {
  const throttled = await resendConfirmationForToken(String(formData.get("token") ?? ""), await requestMeta());
  if (throttled) return { error: throttledMessage(throttled.retryAfterSeconds, "email-requests") };
  return { sent: true };
}
