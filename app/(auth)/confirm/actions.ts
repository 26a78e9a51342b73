"use server";

import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { finishWebSignIn } from "@/lib/accounts/web-sign-in";
import { throttledIn } from "@/lib/platform/i18n";
import { requestMeta } from "@/lib/http/request";
import { confirmEmail, resendConfirmationForToken } from "@/lib/accounts/confirmation";

export type TokenActionState = { error?: string; sent?: boolean };

/** POST of the "Confirm my email" button: consumes the token, signs the user in, lands on /account. */
export async function confirm(_previous: TokenActionState, formData: FormData): Promise<TokenActionState> {
  const locale = await getLocale();
  const meta = { ...(await requestMeta()), locale };
  const result = await confirmEmail(String(formData.get("token") ?? ""), meta);
  if (!result.ok) {
    if (result.error === "throttled") {
      return { error: throttledIn(locale, result.retryAfterSeconds) };
    }
    return { error: (await getTranslations("Confirm"))("noLongerValid") };
  }
  // The sign-up's own first sign-in: no "new sign-in" notice.
  redirect(await finishWebSignIn(result.user, meta, { landing: "/account?welcome=1", newBrowserNotice: false }));
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
