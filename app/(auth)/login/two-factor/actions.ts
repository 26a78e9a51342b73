"use server";

import { redirect } from "next/navigation";
import { completeSecondStep } from "@/lib/accounts/two-factor";
import { requestMeta, safeRedirectPath } from "@/lib/http/request";
import { getLocale, getTranslations } from "next-intl/server";
import { localizeFieldErrors, throttledIn } from "@/lib/platform/i18n";
import { fieldErrors, secondStepSchema } from "@/lib/shared/validation";
import { enterSession, heldSecondStep, rememberBrowser } from "../sign-in-session";

export type SecondStepState = { fieldErrors?: Record<string, string[] | undefined>; message?: string };

export async function verifySecondStep(_previous: SecondStepState, formData: FormData): Promise<SecondStepState> {
  const locale = await getLocale();
  const parsed = secondStepSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale) };
  const meta = { ...(await requestMeta()), locale };
  const result = await completeSecondStep(await heldSecondStep(), parsed.data.code, "web", meta, {
    rememberBrowser: parsed.data.remember === "on",
  });
  if (!result.ok) {
    if (result.error === "invalid_challenge") redirect("/login?expired=second-step");
    if (result.error === "throttled") {
      return { message: throttledIn(locale, result.retryAfterSeconds, "codes") };
    }
    return { fieldErrors: { code: [(await getTranslations("TwoFactor"))("wrongCodeRetry")] } };
  }
  if (result.rememberedBrowserId) await rememberBrowser(result.rememberedBrowserId);
  await enterSession(result.sessionId);
  redirect(safeRedirectPath(formData.get("callbackUrl")));
}
