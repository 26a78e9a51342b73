"use server";

import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { chooseProviderUsername, pendingProviderSignUp } from "@/lib/accounts/providers";
import { requestMeta } from "@/lib/http/request";
import { localizeFieldErrors, throttledIn } from "@/lib/platform/i18n";
import type { FormState } from "@/lib/shared/result";
import { chooseUsernameSchema, fieldErrors } from "@/lib/shared/validation";
import { rememberPendingSignup } from "../pending-signup";

export type ChooseUsernameState = FormState<{ message?: string; username?: string }>;

export async function chooseUsername(_previous: ChooseUsernameState, formData: FormData): Promise<ChooseUsernameState> {
  const locale = await getLocale();
  const username = String(formData.get("username") ?? "").slice(0, 64);
  const parsed = chooseUsernameSchema.safeParse({ username });
  if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale), username };
  const pending = await pendingProviderSignUp();
  // The new account speaks the language of this page.
  const result = await chooseProviderUsername(parsed.data.username, { ...(await requestMeta()), locale });
  if (!result.ok) {
    if (result.error === "invalid" || result.error === "username_taken") {
      return { fieldErrors: localizeFieldErrors(result.fieldErrors, locale), username };
    }
    if (result.error === "throttled") return { message: throttledIn(locale, result.retryAfterSeconds), username };
    const t = await getTranslations("ChooseUsername");
    return { message: t(result.error === "expired" ? "expired" : "emailTaken"), username };
  }
  if (result.next === "confirm" && pending) {
    // The provider did not vouch for the address: the person confirms it like any new account.
    // No username kept: "change your email" and the same-browser replacement ask for the sign-up's
    // password, and an account made through a provider has none.
    await rememberPendingSignup(pending.email, undefined);
    redirect("/register/check-inbox");
  }
  redirect(result.next);
}
