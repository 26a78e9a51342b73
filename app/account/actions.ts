"use server";

import { redirect } from "next/navigation";
import { recordEvent } from "@/lib/audit";
import { endWebSession, startWebSession } from "@/lib/auth";
import { getCurrentSession, requireUser } from "@/lib/dal";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { requestEmailChange } from "@/lib/email-change";
import { changePassword } from "@/lib/password-reset";
import { requestMeta } from "@/lib/request";
import { revokeAllSessions, revokeSession } from "@/lib/sessions";
import { changeEmailSchema, changePasswordSchema, fieldErrors } from "@/lib/validation";

export async function signOutHere() {
  const current = await getCurrentSession();
  if (current) {
    await revokeSession(current.sessionId);
    await recordEvent(db, { type: "logout", userId: current.user.id }, await requestMeta());
  }
  await endWebSession();
  redirect("/");
}

export async function signOutEverywhere() {
  const current = await getCurrentSession();
  if (current) {
    await db.$transaction(async (tx) => {
      await revokeAllSessions(tx, current.user.id);
      await recordEvent(tx, { type: "sessions_revoked", userId: current.user.id }, await requestMeta());
    });
  }
  await endWebSession();
  redirect("/login?signedOut=everywhere");
}

export type ChangePasswordState = { fieldErrors?: Record<string, string[] | undefined> };

export async function changePasswordAction(
  _previous: ChangePasswordState,
  formData: FormData,
): Promise<ChangePasswordState> {
  const { user } = await requireUser("/account");
  const parsed = changePasswordSchema(env.PASSWORD_MIN_LENGTH).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error) };
  const result = await changePassword(
    user.id,
    parsed.data.currentPassword,
    parsed.data.newPassword,
    await requestMeta(),
  );
  if (!result.ok) return { fieldErrors: result.fieldErrors };
  // Every session was revoked, this one included; this device gets the fresh one.
  await startWebSession(result.sessionId);
  redirect("/account?passwordChanged=1");
}

export type ChangeEmailState = { fieldErrors?: Record<string, string[] | undefined>; sentTo?: string };

export async function changeEmailAction(_previous: ChangeEmailState, formData: FormData): Promise<ChangeEmailState> {
  const { user } = await requireUser("/account");
  const parsed = changeEmailSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error) };
  const result = await requestEmailChange(user.id, parsed.data.password, parsed.data.newEmail, await requestMeta());
  return result.ok ? { sentTo: parsed.data.newEmail } : { fieldErrors: result.fieldErrors };
}
