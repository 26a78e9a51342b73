"use server";

import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { deviceCookie, holdForSecondStep, rememberedBrowserId } from "@/lib/sessions/auth";
import { finishWebSignIn } from "@/lib/accounts/web-sign-in";
import { localizeFieldErrors, throttledIn, translatorFor, waitIn } from "@/lib/platform/i18n";
import { requestMeta, safeRedirectPath } from "@/lib/http/request";
import { resendConfirmation } from "@/lib/accounts/confirmation";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { fieldErrors, loginSchema } from "@/lib/shared/validation";

export type LoginState = {
  fieldErrors?: Record<string, string[] | undefined>;
  message?: string;
  unconfirmed?: boolean;
  resent?: boolean;
  login?: string;
  /** The password did not match: the summary offers the reset. */
  wrongPassword?: boolean;
  /** A short wait the page counts down before the next try. */
  waitSeconds?: number;
  /** The account's sign-in is paused: the summary says a reset works now. */
  paused?: boolean;
};

// Waits up to this long are counted down on the page; a longer one is the pause after many failures.
const SHORT_WAIT_SECONDS = 60;

export async function login(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const locale = await getLocale();
  const input = Object.fromEntries(formData);
  const loginValue = String(input.login ?? "").slice(0, 320);
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success)
    return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale), login: loginValue };

  const meta = { ...(await requestMeta()), locale };
  const result = await signInWithPassword(parsed.data.login, parsed.data.password, "web", meta, {
    rememberedBrowserId: await rememberedBrowserId(),
    deviceCookie: await deviceCookie(),
  });
  // "Keep me signed in" unticked: the session cookie ends with the browser.
  const endsWithBrowser = formData.get("remember") !== "yes";
  const callbackUrl = safeRedirectPath(formData.get("callbackUrl"));
  if (!result.ok && result.error === "second_step") {
    await holdForSecondStep(result.secondStepToken, { endsWithBrowser });
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
      const seconds = result.retryAfterSeconds ?? 60;
      const wait = waitIn(locale, seconds);
      if (seconds <= SHORT_WAIT_SECONDS) {
        return { login: loginValue, waitSeconds: seconds, message: t("shortWait", { wait }) };
      }
      return { login: loginValue, paused: true, message: t("paused", { wait }) };
    }
    return { login: loginValue, wrongPassword: true, message: t("badCredentials") };
  }
  redirect(await finishWebSignIn(result.user, meta, { landing: callbackUrl, endsWithBrowser, writes: result.writes }));
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
