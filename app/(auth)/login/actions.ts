"use server";

import { redirect } from "next/navigation";
import { formatWait } from "@/lib/shared/format";
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
  const input = Object.fromEntries(formData);
  const loginValue = String(input.login ?? "").slice(0, 320);
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), login: loginValue };

  const result = await signInWithPassword(
    parsed.data.login,
    parsed.data.password,
    "web",
    await requestMeta(),
    await rememberedBrowserId(),
  );
  const callbackUrl = safeRedirectPath(formData.get("callbackUrl"));
  if (!result.ok && result.error === "second_step") {
    await holdForSecondStep(result.secondStepToken);
    redirect(`/login/two-factor?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  }
  if (!result.ok) {
    if (result.error === "unconfirmed") {
      return { unconfirmed: true, login: loginValue, message: "Confirm your email first: open the link we sent you." };
    }
    if (result.error === "throttled") {
      const wait = formatWait(result.retryAfterSeconds ?? 60);
      return { login: loginValue, message: `Too many sign-in attempts. Try again in ${wait}.` };
    }
    return { login: loginValue, message: "That username or email and password do not match." };
  }
  await enterSession(result.sessionId);
  redirect(callbackUrl);
}

/** Resends the confirmation link after a correct password on an unconfirmed account. */
export async function resendFromLogin(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const loginValue = String(formData.get("login") ?? "").slice(0, 320);
  resendConfirmation(loginValue, await requestMeta());
  return { login: loginValue, resent: true };
}
