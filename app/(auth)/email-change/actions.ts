"use server";

import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { confirmEmailChange, revertEmailChange } from "@/lib/accounts/email-change";
import { requestMeta } from "@/lib/http/request";
import { env } from "@/lib/platform/env";
import { localizeFieldErrors, throttledIn } from "@/lib/platform/i18n";
import { holdForSecondStep } from "@/lib/sessions/auth";
import { finishWebSignIn } from "@/lib/accounts/web-sign-in";
import { fieldErrors, newPasswordFormSchema } from "@/lib/shared/validation";

export type EmailChangeLinkState = {
  done?: boolean;
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
};

async function failure(
  error: "invalid_token" | "email_taken" | "throttled",
  retryAfterSeconds?: number,
): Promise<EmailChangeLinkState> {
  if (error === "throttled") return { error: throttledIn(await getLocale(), retryAfterSeconds) };
  const t = await getTranslations("EmailChange");
  return { error: error === "email_taken" ? t("taken") : t("noLongerValid") };
}

export async function applyEmailChange(
  _previous: EmailChangeLinkState,
  formData: FormData,
): Promise<EmailChangeLinkState> {
  const result = await confirmEmailChange(String(formData.get("token") ?? ""), await requestMeta());
  return result.ok ? { done: true } : failure(result.error, result.retryAfterSeconds);
}

/** Puts the previous address back with a new password, then signs this device in. */
export async function undoEmailChange(
  _previous: EmailChangeLinkState,
  formData: FormData,
): Promise<EmailChangeLinkState> {
  const locale = await getLocale();
  const parsed = newPasswordFormSchema(env.PASSWORD_MIN_LENGTH).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale) };
  const meta = { ...(await requestMeta()), locale };
  const result = await revertEmailChange(String(formData.get("token") ?? ""), parsed.data.password, meta);
  if (!result.ok && result.error === "second_step") {
    // Restored, but two-factor is on: the sign-in on this device waits for a code, as after a reset.
    await holdForSecondStep(result.secondStepToken);
    redirect(`/login/two-factor?callbackUrl=${encodeURIComponent("/account?emailRestored=1")}`);
  }
  if (!result.ok) {
    if (result.error === "invalid") return { fieldErrors: localizeFieldErrors(result.fieldErrors, locale) };
    return failure(result.error, result.retryAfterSeconds);
  }
  // Every session was revoked; this device gets a fresh one.
  redirect(await finishWebSignIn(result.user, meta, { landing: "/account?emailRestored=1" }));
}
