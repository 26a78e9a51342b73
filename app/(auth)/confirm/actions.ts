"use server";

import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { enterSession } from "../login/sign-in-session";
import { throttledIn } from "@/lib/platform/i18n";
import { requestMeta } from "@/lib/http/request";
import { confirmEmail, resendConfirmationForToken } from "@/lib/accounts/confirmation";

export type TokenActionState = { error?: string; sent?: boolean };

/** POST of the "Confirm my email" button: consumes the token, signs the user in, lands on /account. */
export async function confirm(_previous: TokenActionState, formData: FormData): Promise<TokenActionState> {
  const locale = await getLocale();
  const result = await confirmEmail(String(formData.get("token") ?? ""), "web", { ...(await requestMeta()), locale });
  if (!result.ok) {
    if (result.error === "throttled") {
      return { error: throttledIn(locale, result.retryAfterSeconds) };
    }
    return { error: (await getTranslations("Confirm"))("noLongerValid") };
  }
  await enterSession(result.sessionId);
  redirect("/account?welcome=1");
}

/** "Send me a new link" from an expired or used link; the same answer whatever the token names. */
export async function resendFromLink(_previous: TokenActionState, formData: FormData): Promise<TokenActionState> {
  const locale = await getLocale();
  const throttled = await resendConfirmationForToken(String(formData.get("token") ?? ""), {
    ...(await requestMeta()),
    locale,
  });
  if (throttled) return { error: throttledIn(locale, throttled.retryAfterSeconds, "email-requests") };
  return { sent: true };
}
