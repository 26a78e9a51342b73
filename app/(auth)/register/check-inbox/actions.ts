"use server";

import { requestMeta } from "@/lib/http/request";
import { resendConfirmation } from "@/lib/accounts/confirmation";
import { throttledMessage } from "@/lib/shared/messages";
import { readPendingSignup, rememberPendingSignup, RESEND_COOLDOWN_SECONDS } from "../pending-signup";

export type ResendState = { sent?: boolean; retryAfterSeconds?: number; message?: string };

export async function resend(_previous: ResendState): Promise<ResendState> {
  const pending = await readPendingSignup();
  if (!pending) return { message: "This page has expired. Sign up again, or sign in to request a new link." };
  if (pending.secondsUntilResend > 0) return { retryAfterSeconds: pending.secondsUntilResend };
  const throttled = await resendConfirmation(pending.email, await requestMeta());
  if (throttled) return { message: throttledMessage(throttled.retryAfterSeconds, "email-requests") };
  await rememberPendingSignup(pending.email);
  return { sent: true, retryAfterSeconds: RESEND_COOLDOWN_SECONDS };
}
