"use server";

import { getLocale, getTranslations } from "next-intl/server";
import { localizeFieldErrors, waitIn } from "@/lib/platform/i18n";
import { requestPasswordReset } from "@/lib/accounts/passwords";
import { hit, LIMITS } from "@/lib/security/rate-limit";
import { requestMeta } from "@/lib/http/request";
import { fieldErrors, forgotPasswordSchema } from "@/lib/shared/validation";

export type ForgotState = {
  fieldErrors?: Record<string, string[] | undefined>;
  message?: string;
  sent?: boolean;
  email?: string;
};

export async function forgotPassword(_previous: ForgotState, formData: FormData): Promise<ForgotState> {
  const locale = await getLocale();
  const email = String(formData.get("email") ?? "").slice(0, 320);
  const parsed = forgotPasswordSchema.safeParse({ email });
  if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale), email };
  // The reset email goes out in this page's language.
  const meta = { ...(await requestMeta()), locale };
  if (meta.ip) {
    const limit = await hit(`email-requests:ip:${meta.ip}`, LIMITS.emailRequestsPerIp);
    if (!limit.allowed) {
      const t = await getTranslations("Throttle");
      return { email, message: t("requests", { wait: waitIn(locale, limit.retryAfterSeconds) }) };
    }
  }
  requestPasswordReset(parsed.data.email, meta);
  return { sent: true, email: parsed.data.email };
}
