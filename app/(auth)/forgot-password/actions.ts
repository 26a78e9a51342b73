"use server";

import { formatWait } from "@/lib/shared/format";
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
  const email = String(formData.get("email") ?? "").slice(0, 320);
  const parsed = forgotPasswordSchema.safeParse({ email });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), email };
  const meta = await requestMeta();
  if (meta.ip) {
    const limit = await hit(`email-requests:ip:${meta.ip}`, LIMITS.emailRequestsPerIp);
    if (!limit.allowed)
      return {
        email,
        message: `Too many requests from your network. Try again in ${formatWait(limit.retryAfterSeconds)}.`,
      };
  }
  requestPasswordReset(parsed.data.email, meta);
  return { sent: true, email: parsed.data.email };
}
