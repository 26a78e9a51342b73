"use server";

import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { registerUser } from "@/lib/accounts/sign-up";
import { requestMeta } from "@/lib/http/request";
import { env } from "@/lib/platform/env";
import { localizeFieldErrors, throttledIn, translatorFor } from "@/lib/platform/i18n";
import { changeSignupEmailSchema, fieldErrors } from "@/lib/shared/validation";
import { readPendingSignup, rememberPendingSignup, replacedSignup } from "../pending-signup";

export type ChangeSignupEmailState = {
  fieldErrors?: Record<string, string[] | undefined>;
  message?: string;
  email?: string;
};

/**
 * Moves this browser's pending sign-up to a corrected address: the sign-up made with the old address is
 * withdrawn (its link stops working, its username is free) and the same username signs up with the new
 * address, which gets a new link. The answer is the same whether or not the new address has an account.
 */
export async function changeSignupEmail(
  _previous: ChangeSignupEmailState,
  formData: FormData,
): Promise<ChangeSignupEmailState> {
  const pending = await readPendingSignup();
  const replaces = replacedSignup(pending);
  if (!replaces) redirect("/register");
  const locale = await getLocale();
  const email = String(formData.get("email") ?? "").slice(0, 320);
  const parsed = changeSignupEmailSchema(env.PASSWORD_MIN_LENGTH).safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale), email };
  const result = await registerUser(
    { username: replaces.username, ...parsed.data },
    { ...(await requestMeta()), locale },
    { replaces },
  );
  if (!result.ok) {
    if (result.error === "throttled") {
      return { message: throttledIn(locale, result.retryAfterSeconds, "sign-up"), email };
    }
    if (result.error === "overloaded") return { message: translatorFor(locale, "Api")("busy"), email };
    if (result.error === "username_taken") {
      return { message: (await getTranslations("ChangeSignupEmail"))("usernameGone"), email };
    }
    return { fieldErrors: localizeFieldErrors(result.fieldErrors, locale), email };
  }
  await rememberPendingSignup(result.email, replaces.username);
  redirect("/register/check-inbox?changed=1");
}
