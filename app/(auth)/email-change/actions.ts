"use server";

import { confirmEmailChange, revertEmailChange } from "@/lib/accounts/email-change";
import { throttledMessage } from "@/lib/shared/messages";
import { requestMeta } from "@/lib/http/request";

export type EmailChangeLinkState = { done?: boolean; error?: string };

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

export async function undoEmailChange(
  _previous: EmailChangeLinkState,
  formData: FormData,
): Promise<EmailChangeLinkState> {
  const result = await revertEmailChange(String(formData.get("token") ?? ""), await requestMeta());
  return result.ok ? { done: true } : failure(result.error, result.retryAfterSeconds);
}
