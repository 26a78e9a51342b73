"use server";

import { redirect } from "next/navigation";
import { confirmEmailChange, revertEmailChange } from "@/lib/accounts/email-change";
import { throttledMessage } from "@/lib/shared/messages";
import { requestMeta } from "@/lib/http/request";
import { env } from "@/lib/platform/env";
import { startWebSession } from "@/lib/sessions/auth";
import { fieldErrors, newPasswordFormSchema } from "@/lib/shared/validation";

export type EmailChangeLinkState = {
  done?: boolean;
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
};

function failure(
  error: "invalid_token" | "email_taken" | "throttled",
  retryAfterSeconds?: number,
): EmailChangeLinkState {
  if (error === "throttled")
    return { error: throttledMessage(retryAfterSeconds) };
  if (error === "email_taken")
    return { error: "That address now belongs to another account, so the change cannot be made." };
  return { error: "This link is no longer valid. It may have been used already." };
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
  const parsed = newPasswordFormSchema(env.PASSWORD_MIN_LENGTH).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error) };
  const result = await revertEmailChange(
    String(formData.get("token") ?? ""),
    parsed.data.password,
    await requestMeta(),
  );
  if (!result.ok) {
    if (result.error === "invalid") return { fieldErrors: result.fieldErrors };
    return failure(result.error, result.retryAfterSeconds);
  }
  // Every session was revoked; this device gets the fresh one.
  await startWebSession(result.sessionId);
  redirect("/account?emailRestored=1");
}
