"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { holdForSecondStep } from "@/lib/sessions/auth";
import { finishWebSignIn } from "@/lib/accounts/web-sign-in";
import { env } from "@/lib/platform/env";
import { localizeFieldErrors, throttledIn } from "@/lib/platform/i18n";
import { resendResetForToken, resetPassword } from "@/lib/accounts/passwords";
import { requestMeta } from "@/lib/http/request";
import { RESET_TOKEN_COOKIE } from "@/lib/http/reset-link";
import { deleteCookie } from "@/lib/http/signed-cookie";
import { fieldErrors, newPasswordFormSchema } from "@/lib/shared/validation";

export type ResetState = { fieldErrors?: Record<string, string[] | undefined>; message?: string; sent?: boolean };

async function tokenFromCookie() {
  return (await cookies()).get(RESET_TOKEN_COOKIE)?.value ?? "";
}

export async function chooseNewPassword(_previous: ResetState, formData: FormData): Promise<ResetState> {
  const locale = await getLocale();
  const parsed = newPasswordFormSchema(env.PASSWORD_MIN_LENGTH).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale) };
  const meta = { ...(await requestMeta()), locale };
  const result = await resetPassword(await tokenFromCookie(), parsed.data.password, "web", meta);
  if (!result.ok && result.error === "second_step") {
    await deleteCookie(RESET_TOKEN_COOKIE, "/reset-password");
    await holdForSecondStep(result.secondStepToken);
    redirect(`/login/two-factor?callbackUrl=${encodeURIComponent("/account?passwordChanged=1")}`);
  }
  if (!result.ok) {
    if (result.error === "invalid") return { fieldErrors: localizeFieldErrors(result.fieldErrors, locale) };
    if (result.error === "throttled") {
      return { message: throttledIn(locale, result.retryAfterSeconds) };
    }
    return { message: (await getTranslations("ResetPassword"))("noLongerValid") };
  }
  await deleteCookie(RESET_TOKEN_COOKIE, "/reset-password");
  redirect(await finishWebSignIn(result.user, meta, { landing: "/account?passwordChanged=1" }));
}

/** One-click new link from an expired or used reset link; the same answer whatever happens. */
export async function resendResetLink(_previous: ResetState): Promise<ResetState> {
  const locale = await getLocale();
  const throttled = await resendResetForToken(await tokenFromCookie(), { ...(await requestMeta()), locale });
  if (throttled) return { message: throttledIn(locale, throttled.retryAfterSeconds, "email-requests") };
  return { sent: true };
}
