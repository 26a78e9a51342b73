"use server";

import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { localizeFieldErrors, throttledIn, translatorFor } from "@/lib/platform/i18n";
import { requestMeta, safeRedirectPath } from "@/lib/http/request";
import { resendConfirmation } from "@/lib/accounts/confirmation";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { fieldErrors, loginSchema } from "@/lib/shared/validation";
import { enterSession, holdForSecondStep, rememberedBrowserId } from "./sign-in-session";

export type LoginState = {
  fieldErrors?: Record<string, string[] | undefined>;
  message?: string;
  unconfirmed?: boolean;
  resent?: boolean;
  login?: string;
};

export async function login(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const locale = await getLocale();
  const input = Object.fromEntries(formData);
  const loginValue = String(input.login ?? "").slice(0, 320);
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success)
    return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale), login: loginValue };

  const meta = { ...(await requestMeta()), locale };
  const result = await signInWithPassword(
    parsed.data.login,
    parsed.data.password,
    "web",
    meta,
    await rememberedBrowserId(),
  );
  const callbackUrl = safeRedirectPath(formData.get("callbackUrl"));
  if (!result.ok && result.error === "second_step") {
    await holdForSecondStep(result.secondStepToken);
    redirect(`/login/two-factor?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  }
  if (!result.ok) {
    const t = await getTranslations("Login");
    if (result.error === "unconfirmed") {
      return { unconfirmed: true, login: loginValue, message: t("unconfirmed") };
    }
    if (result.error === "overloaded") {
      return { login: loginValue, message: translatorFor(locale, "Api")("busy") };
    }
    if (result.error === "throttled") {
      return { login: loginValue, message: throttledIn(locale, result.retryAfterSeconds, "sign-in") };
    }
    return { login: loginValue, message: t("badCredentials") };
  }
  await enterSession(result.sessionId);
  redirect(callbackUrl);
}

/** Resends the confirmation link after a correct password on an unconfirmed account. */
export async function resendFromLogin(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const loginValue = String(formData.get("login") ?? "").slice(0, 320);
  const locale = await getLocale();
  const throttled = await resendConfirmation(loginValue, { ...(await requestMeta()), locale });
  if (throttled) {
    return { login: loginValue, message: throttledIn(locale, throttled.retryAfterSeconds, "email-requests") };
  }
  return { login: loginValue, resent: true };
}
