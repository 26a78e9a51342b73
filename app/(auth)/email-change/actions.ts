"use server";

import { getLocale, getTranslations } from "next-intl/server";
import { confirmEmailChange, revertEmailChange } from "@/lib/accounts/email-change";
import { waitIn } from "@/lib/platform/i18n";
import { requestMeta } from "@/lib/http/request";

export type EmailChangeLinkState = { done?: boolean; error?: string };

async function failure(
  error: "invalid_token" | "email_taken" | "throttled",
  retryAfterSeconds?: number,
): Promise<EmailChangeLinkState> {
  const locale = await getLocale();
  if (error === "throttled") {
    const t = await getTranslations("Throttle");
    return { error: t("attempts", { wait: waitIn(locale, retryAfterSeconds ?? 60) }) };
  }
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

export async function undoEmailChange(
  _previous: EmailChangeLinkState,
  formData: FormData,
): Promise<EmailChangeLinkState> {
  const result = await revertEmailChange(String(formData.get("token") ?? ""), await requestMeta());
  return result.ok ? { done: true } : failure(result.error, result.retryAfterSeconds);
}
