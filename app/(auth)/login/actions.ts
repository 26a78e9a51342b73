"use server";

import { redirect } from "next/navigation";
import { startWebSession } from "@/lib/sessions/auth";
import { CREDENTIALS_MISMATCH, throttledMessage, UNCONFIRMED } from "@/lib/shared/messages";
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
};

export async function login(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const input = Object.fromEntries(formData);
  const loginValue = String(input.login ?? "").slice(0, 320);
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), login: loginValue };

  const result = await signInWithPassword(parsed.data.login, parsed.data.password, "web", await requestMeta());
  if (!result.ok) {
    if (result.error === "unconfirmed") {
      return { unconfirmed: true, login: loginValue, message: UNCONFIRMED };
    }
    if (result.error === "throttled") {
      return { login: loginValue, message: throttledMessage(result.retryAfterSeconds, "sign-in") };
    }
    return { login: loginValue, message: CREDENTIALS_MISMATCH };
  }
  await startWebSession(result.sessionId);
  redirect(safeRedirectPath(formData.get("callbackUrl")));
}

/** Resends the confirmation link after a correct password on an unconfirmed account. */
export async function resendFromLogin(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const loginValue = String(formData.get("login") ?? "").slice(0, 320);
  const throttled = await resendConfirmation(loginValue, await requestMeta());
  if (throttled) return { login: loginValue, message: throttledMessage(throttled.retryAfterSeconds, "email-requests") };
  return { login: loginValue, resent: true };
}
