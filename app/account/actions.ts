"use server";

import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { localizeFieldErrors } from "@/lib/platform/i18n";
import { endWebSession, startWebSession } from "@/lib/sessions/auth";
import { getCurrentSession, requireUser } from "@/lib/sessions/dal";
import { env } from "@/lib/platform/env";
import { cancelEmailChange, requestEmailChange, resendEmailChange } from "@/lib/accounts/email-change";
import { changePassword } from "@/lib/accounts/passwords";
import { requestMeta } from "@/lib/http/request";
import { signOut, signOutEverywhere } from "@/lib/accounts/sign-out";
import { changeEmailSchema, changePasswordSchema, fieldErrors } from "@/lib/shared/validation";

export async function signOutAction() {
  const current = await getCurrentSession();
  if (current) await signOut(current.sessionId, current.user.id, await requestMeta());
  await endWebSession();
  redirect("/login?signedOut=1");
}

export async function signOutEverywhereAction() {
  const current = await getCurrentSession();
  if (current) await signOutEverywhere(current.user.id, await requestMeta());
  await endWebSession();
  redirect("/login?signedOut=everywhere");
}

export type ChangePasswordState = { fieldErrors?: Record<string, string[] | undefined> };

export async function changePasswordAction(
  _previous: ChangePasswordState,
  formData: FormData,
): Promise<ChangePasswordState> {
  const { user } = await requireUser("/account");
  const locale = await getLocale();
  const parsed = changePasswordSchema(env.PASSWORD_MIN_LENGTH).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale) };
  const meta = { ...(await requestMeta()), locale };
  const result = await changePassword(user.id, parsed.data.currentPassword, parsed.data.newPassword, meta);
  if (!result.ok) return { fieldErrors: localizeFieldErrors(result.fieldErrors, locale, result.retryAfterSeconds) };
  // Every session was revoked, this one included; this device gets a fresh one (not news to the owner).
  await startWebSession(result.user, meta, { newBrowserNotice: false });
  redirect("/account?passwordChanged=1");
}

export type ChangeEmailState = { fieldErrors?: Record<string, string[] | undefined>; sentTo?: string };

export async function changeEmailAction(_previous: ChangeEmailState, formData: FormData): Promise<ChangeEmailState> {
  const { user } = await requireUser("/account");
  const locale = await getLocale();
  const parsed = changeEmailSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale) };
  const meta = { ...(await requestMeta()), locale };
  const result = await requestEmailChange(user.id, parsed.data.password, parsed.data.newEmail, meta);
  return result.ok
    ? { sentTo: parsed.data.newEmail }
    : { fieldErrors: localizeFieldErrors(result.fieldErrors, locale, result.retryAfterSeconds) };
}

/** "Send the link again" for the pending email change: a plain form post, so it works without JavaScript. */
export async function resendEmailChangeAction() {
  const { user } = await requireUser("/account");
  const meta = { ...(await requestMeta()), locale: await getLocale() };
  const result = await resendEmailChange(user.id, meta);
  if (!result) redirect("/account?emailChange=resent#change-email");
  if (result.error === "throttled") {
    redirect(`/account?emailChange=throttled&retry=${result.retryAfterSeconds ?? 60}#change-email`);
  }
  redirect("/account?emailChange=gone#change-email");
}

/** "Cancel the change": the pending link stops working. */
export async function cancelEmailChangeAction() {
  const { user } = await requireUser("/account");
  const cancelled = await cancelEmailChange(user.id, await requestMeta());
  redirect(`/account?emailChange=${cancelled ? "cancelled" : "gone"}#change-email`);
}
