"use server";

import { redirect } from "next/navigation";
import { refusal, signIn } from "@/lib/auth";
import { formatDuration } from "@/lib/format";
import { requestMeta, safeRedirectPath } from "@/lib/request";
import { resendConfirmation } from "@/lib/users";
import { fieldErrors, loginSchema } from "@/lib/validation";

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

  try {
    await signIn("password", { ...parsed.data, redirect: false });
  } catch (error) {
    const refused = refusal(error);
    if (!refused) throw error;
    if (refused.error === "unconfirmed") {
      return { unconfirmed: true, login: loginValue, message: "Confirm your email first: open the link we sent you." };
    }
    if (refused.error === "throttled") {
      return {
        login: loginValue,
        message: `Too many sign-in attempts. Try again in ${formatDuration(refused.retryAfterSeconds ?? 60)}.`,
      };
    }
    return { login: loginValue, message: "That username or email and password do not match." };
  }
  redirect(safeRedirectPath(formData.get("callbackUrl")));
}

/** Resends the confirmation link after a correct password on an unconfirmed account. */
export async function resendFromLogin(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const loginValue = String(formData.get("login") ?? "").slice(0, 320);
  await resendConfirmation(loginValue, await requestMeta());
  return { login: loginValue, resent: true };
}
