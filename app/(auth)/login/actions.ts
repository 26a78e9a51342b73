"use server";

import { redirect } from "next/navigation";
import { startWebSession } from "@/lib/sessions/auth";
import { formatWait } from "@/lib/shared/format";
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
      return { unconfirmed: true, login: loginValue, message: "Confirm your email first: open the link we sent you." };
    }
    if (result.error === "overloaded") {
      return { login: loginValue, message: "The server is busy. Try again in a moment." };
    }
    if (result.error === "throttled") {
      const wait = formatWait(result.retryAfterSeconds ?? 60);
      return { login: loginValue, message: `Too many sign-in attempts. Try again in ${wait}.` };
    }
    return { login: loginValue, message: "That username or email and password do not match." };
  }
  await startWebSession(result.sessionId);
  redirect(safeRedirectPath(formData.get("callbackUrl")));
}

/** Resends the confirmation link after a correct password on an unconfirmed account. */
export async function resendFromLogin(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const loginValue = String(formData.get("login") ?? "").slice(0, 320);
  resendConfirmation(loginValue, await requestMeta());
  return { login: loginValue, resent: true };
}
