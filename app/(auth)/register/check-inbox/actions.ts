"use server";

import { getLocale, getTranslations } from "next-intl/server";
import { requestMeta } from "@/lib/http/request";
import { throttledIn } from "@/lib/platform/i18n";
import { resendConfirmation } from "@/lib/accounts/confirmation";
import { readPendingSignup, rememberPendingSignup } from "../pending-signup";

export type ResendState = { sent?: boolean; retryAfterSeconds?: number; message?: string };

/**
 * "Send the email again". The button is always there (it works without JavaScript); a press during the
 * minute after the last email is answered with the wait instead of another email.
 */
export async function resend(_previous: ResendState): Promise<ResendState> {
  const pending = await readPendingSignup();
  if (!pending) return { message: (await getTranslations("CheckInbox"))("expired") };
  if (pending.secondsUntilResend > 0) return { retryAfterSeconds: pending.secondsUntilResend };
  const locale = await getLocale();
  // The username names this browser's own sign-up among the address's attempts.
  const throttled = await resendConfirmation(pending.email, { ...(await requestMeta()), locale }, pending.username);
  if (throttled) return { message: throttledIn(locale, throttled.retryAfterSeconds, "email-requests") };
  await rememberPendingSignup(pending.email, pending.username);
  return { sent: true, retryAfterSeconds: (await readPendingSignup())?.secondsUntilResend };
}
