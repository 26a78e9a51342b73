"use server";

import { redirect } from "next/navigation";
import { completeSecondStep, REMEMBER_BROWSER_SECONDS } from "@/lib/accounts/two-factor";
import { requestMeta, safeRedirectPath } from "@/lib/http/request";
import { getLocale, getTranslations } from "next-intl/server";
import { localizeFieldErrors, throttledIn } from "@/lib/platform/i18n";
import { fieldErrors, secondStepSchema } from "@/lib/shared/validation";
import { heldSecondStep, rememberBrowser } from "@/lib/sessions/auth";
import { finishWebSignIn } from "@/lib/accounts/web-sign-in";

export type SecondStepState = { fieldErrors?: Record<string, string[] | undefined>; message?: string };

export async function verifySecondStep(_previous: SecondStepState, formData: FormData): Promise<SecondStepState> {
  const locale = await getLocale();
  const parsed = secondStepSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale) };
  const meta = { ...(await requestMeta()), locale };
  const held = await heldSecondStep();
  const result = await completeSecondStep(held?.token ?? null, parsed.data.code, "web", meta, {
    rememberBrowser: parsed.data.remember === "on",
  });
  if (!result.ok) {
    if (result.error === "invalid_challenge") redirect("/login?expired=second-step");
    if (result.error === "throttled") {
      return { message: throttledIn(locale, result.retryAfterSeconds, "codes") };
    }
    return { fieldErrors: { code: [(await getTranslations("TwoFactor"))("wrongCodeRetry")] } };
  }
  if (result.rememberedBrowserId) await rememberBrowser(result.rememberedBrowserId, REMEMBER_BROWSER_SECONDS);
  const landing = safeRedirectPath(formData.get("callbackUrl"));
  redirect(await finishWebSignIn(result.user, meta, { landing, endsWithBrowser: held?.endsWithBrowser }));
}
