"use server";

import { redirect } from "next/navigation";
import {
  confirmTotpEnrolment,
  disableTwoFactor,
  forgetBrowser,
  isRecentlyAuthenticated,
  reauthenticate,
  regenerateRecoveryCodes,
  startTotpEnrolment,
} from "@/lib/accounts/two-factor";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { addPasskey, passkeyRegistrationOptions, removePasskey, renamePasskey } from "@/lib/accounts/passkeys";
import { requestMeta } from "@/lib/http/request";
import { requireUser } from "@/lib/sessions/dal";
import { getLocale, getTranslations } from "next-intl/server";
import { localizeFieldErrors, throttledIn } from "@/lib/platform/i18n";
import {
  currentPasswordSchema,
  disableTwoFactorSchema,
  fieldErrors,
  mfaCodeSchema,
  passkeyNameSchema,
} from "@/lib/shared/validation";

// Every action here checks the session itself and, for a change, that its password check is recent: the
// page that showed the form may be older than that.

const PAGE = "/account/security";

export async function requireRecentSession() {
  const current = await requireUser(PAGE);
  if (!(await isRecentlyAuthenticated(current.sessionId))) redirect(PAGE);
  return current;
}

export type SecurityFormState = {
  fieldErrors?: Record<string, string[] | undefined>;
  message?: string;
  recoveryCodes?: string[];
};

const throttled = async (seconds?: number): Promise<SecurityFormState> => ({
  message: throttledIn(await getLocale(), seconds),
});

async function securityText() {
  return getTranslations("Security");
}

async function localMeta() {
  return { ...(await requestMeta()), locale: await getLocale() };
}

export async function reauthenticateAction(
  _previous: SecurityFormState,
  formData: FormData,
): Promise<SecurityFormState> {
  const { user, sessionId } = await requireUser(PAGE);
  const parsed = currentPasswordSchema.safeParse(formData.get("password") ?? undefined);
  if (!parsed.success)
    return { fieldErrors: localizeFieldErrors({ password: [parsed.error.issues[0].message] }, await getLocale()) };
  const result = await reauthenticate(sessionId, user.id, parsed.data, await localMeta());
  if (!result.ok) return { fieldErrors: localizeFieldErrors(result.fieldErrors, await getLocale(), result.retryAfterSeconds) };
  redirect(PAGE);
}

export async function startTotpAction() {
  const { user } = await requireRecentSession();
  await startTotpEnrolment(user.id);
  // A new query, not just a hash: a hash-only change would keep the page as it was.
  redirect(`${PAGE}?step=set-up`);
}

export async function confirmTotpAction(_previous: SecurityFormState, formData: FormData): Promise<SecurityFormState> {
  const { user } = await requireRecentSession();
  const parsed = mfaCodeSchema.safeParse(formData.get("code") ?? undefined);
  if (!parsed.success)
    return { fieldErrors: localizeFieldErrors({ code: [parsed.error.issues[0].message] }, await getLocale()) };
  const result = await confirmTotpEnrolment(user.id, parsed.data, await localMeta());
  if (result.ok) return { recoveryCodes: result.recoveryCodes };
  if (result.error === "throttled") return throttled(result.retryAfterSeconds);
  if (result.error === "no_enrolment") redirect(PAGE);
  return { fieldErrors: { code: [(await securityText())("wrongEnrolmentCode")] } };
}

export async function regenerateCodesAction(_previous: SecurityFormState): Promise<SecurityFormState> {
  const { user } = await requireRecentSession();
  const result = await regenerateRecoveryCodes(user.id, await localMeta());
  if (!result.ok) redirect(PAGE);
  return { recoveryCodes: result.recoveryCodes };
}

export async function disableTotpAction(_previous: SecurityFormState, formData: FormData): Promise<SecurityFormState> {
  const { user } = await requireRecentSession();
  const parsed = disableTwoFactorSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), await getLocale()) };
  const result = await disableTwoFactor(user.id, parsed.data.password, parsed.data.code, await localMeta());
  if (!result.ok) {
    if (result.error === "throttled" || result.error === "wrong_password")
      return { fieldErrors: localizeFieldErrors(result.fieldErrors, await getLocale(), result.retryAfterSeconds) };
    if (result.error === "wrong_code") return { fieldErrors: { code: [(await securityText())("wrongCode")] } };
  }
  redirect(`${PAGE}?notice=two-factor-off`);
}

export async function forgetBrowserAction(formData: FormData) {
  const { user } = await requireRecentSession();
  await forgetBrowser(user.id, String(formData.get("id") ?? ""), await localMeta());
  redirect(`${PAGE}?notice=browser-forgotten`);
}

// ---- Passkeys ------------------------------------------------------------------------------------------

export async function passkeyOptionsAction() {
  const { user } = await requireRecentSession();
  return passkeyRegistrationOptions(user.id);
}

export async function addPasskeyAction(name: string, response: RegistrationResponseJSON): Promise<SecurityFormState> {
  const { user } = await requireRecentSession();
  const parsed = passkeyNameSchema.safeParse({ name });
  if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), await getLocale()) };
  const result = await addPasskey(user.id, parsed.data.name, response, await localMeta());
  if (!result.ok) return { message: (await securityText())("passkeyNotAdded") };
  redirect(`${PAGE}?notice=passkey-added#passkeys`);
}

export async function renamePasskeyAction(formData: FormData) {
  const { user } = await requireRecentSession();
  const parsed = passkeyNameSchema.safeParse({ name: formData.get("name") ?? undefined });
  if (parsed.success)
    await renamePasskey(user.id, String(formData.get("id") ?? ""), parsed.data.name, await localMeta());
  redirect(`${PAGE}?notice=${parsed.success ? "passkey-renamed" : "passkey-name-invalid"}#passkeys`);
}

export async function removePasskeyAction(formData: FormData) {
  const { user } = await requireRecentSession();
  const result = await removePasskey(user.id, String(formData.get("id") ?? ""), await localMeta());
  redirect(
    `${PAGE}?notice=${result.ok ? "passkey-removed" : result.error === "last_way_in" ? "passkey-last" : "passkey-gone"}#passkeys`,
  );
}
