"use server";

import { getLocale, getTranslations } from "next-intl/server";
import { requestMeta } from "@/lib/http/request";
import { throttledIn } from "@/lib/platform/i18n";
import { resendConfirmation } from "@/lib/accounts/confirmation";
import { readPendingSignup, rememberPendingSignup, RESEND_COOLDOWN_SECONDS } from "../pending-signup";

export type ResendState = { sent?: boolean; retryAfterSeconds?: number; message?: string };

export async function resend(_previous: ResendState): Promise<ResendState> {
  const pending = await readPendingSignup();
  if (!pending) return { message: (await getTranslations("CheckInbox"))("expired") };
  if (pending.secondsUntilResend > 0) return { retryAfterSeconds: pending.secondsUntilResend };
  const locale = await getLocale();
  const throttled = await resendConfirmation(pending.email, { ...(await requestMeta()), locale });
  if (throttled) return { message: throttledIn(locale, throttled.retryAfterSeconds, "email-requests") };
  await rememberPendingSignup(pending.email);
  return { sent: true, retryAfterSeconds: RESEND_COOLDOWN_SECONDS };
}
