"use server";

import { throttledMessage } from "@/lib/shared/messages";
import { requestPasswordReset } from "@/lib/accounts/passwords";
import { requestMeta } from "@/lib/http/request";
import { fieldErrors, forgotPasswordSchema } from "@/lib/shared/validation";

export type ForgotState = {
  fieldErrors?: Record<string, string[] | undefined>;
  message?: string;
  sent?: boolean;
  email?: string;
};

export async function forgotPassword(_previous: ForgotState, formData: FormData): Promise<ForgotState> {
  const email = String(formData.get("email") ?? "").slice(0, 320);
  const parsed = forgotPasswordSchema.safeParse({ email });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), email };
  const meta = await requestMeta();
  const throttled = await requestPasswordReset(parsed.data.email, meta);
  if (throttled) return { email, message: throttledMessage(throttled.retryAfterSeconds, "email-requests") };
  return { sent: true, email: parsed.data.email };
}
