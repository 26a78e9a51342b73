"use server";

import { getLocale } from "next-intl/server";
import { localizeFieldErrors, throttledIn } from "@/lib/platform/i18n";
import { requestPasswordReset } from "@/lib/accounts/passwords";
import { requestMeta } from "@/lib/http/request";
import { fieldErrors, forgotPasswordSchema } from "@/lib/shared/validation";

export type ForgotState = {
  fieldErrors?: Record<string, string[] | undefined>;
  message?: string;
  sent?: boolean;
  /** Sent again from the "sent" state's button. */
  again?: boolean;
  /** When this answer was made: each one is a new "sent" panel, announced again. */
  sentAt?: number;
  email?: string;
};

export async function forgotPassword(_previous: ForgotState, formData: FormData): Promise<ForgotState> {
  const locale = await getLocale();
  const email = String(formData.get("email") ?? "").slice(0, 320);
  const parsed = forgotPasswordSchema.safeParse({ email });
  if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale), email };
  // The reset email goes out in this page's language.
  const meta = { ...(await requestMeta()), locale };
  const throttled = await requestPasswordReset(parsed.data.email, meta);
  if (throttled) return { email, message: throttledIn(locale, throttled.retryAfterSeconds, "email-requests") };
  return { sent: true, again: formData.get("again") === "yes", sentAt: Date.now(), email: parsed.data.email };
}
