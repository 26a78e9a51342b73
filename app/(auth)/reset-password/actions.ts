"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { startWebSession } from "@/lib/sessions/auth";
import { env } from "@/lib/platform/env";
import { throttledMessage } from "@/lib/shared/messages";
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
  const parsed = newPasswordFormSchema(env.PASSWORD_MIN_LENGTH).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error) };
  const result = await resetPassword(await tokenFromCookie(), parsed.data.password, "web", await requestMeta());
  if (!result.ok) {
    if (result.error === "invalid") return { fieldErrors: result.fieldErrors };
    if (result.error === "throttled") {
      return {
        message: throttledMessage(result.retryAfterSeconds),
      };
    }
    return { message: "This reset link is no longer valid. Ask for a new one on the “Forgot your password?” page." };
  }
  await deleteCookie(RESET_TOKEN_COOKIE, "/reset-password");
  await startWebSession(result.sessionId);
  redirect("/account?passwordChanged=1");
}

/** One-click new link from an expired or used reset link; the same answer whatever happens. */
export async function resendResetLink(_previous: ResetState): Promise<ResetState> {
  const throttled = await resendResetForToken(await tokenFromCookie(), await requestMeta());
  if (throttled) return { message: throttledMessage(throttled.retryAfterSeconds, "email-requests") };
  return { sent: true };
}
