"use server";

import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { env } from "@/lib/platform/env";
import { localizeFieldErrors, throttledIn, translatorFor } from "@/lib/platform/i18n";
import { requestMeta } from "@/lib/http/request";
import { registerUser } from "@/lib/accounts/sign-up";
import { fieldErrors, registerSchema } from "@/lib/shared/validation";
import { readPendingSignup, rememberPendingSignup, replacedSignup } from "./pending-signup";

export type RegisterState = {
  fieldErrors?: Record<string, string[] | undefined>;
  message?: string;
  values?: { username: string; email: string };
};

export async function register(_previous: RegisterState, formData: FormData): Promise<RegisterState> {
  const locale = await getLocale();
  const input = Object.fromEntries(formData);
  const values = {
    username: String(input.username ?? "").slice(0, 64),
    email: String(input.email ?? "").slice(0, 320),
  };
  const parsed = registerSchema(env.PASSWORD_MIN_LENGTH).safeParse(input);
  if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale), values };

  // The account and its confirmation email take this page's language.
  const result = await registerUser(
    parsed.data,
    { ...(await requestMeta()), locale },
    { replaces: replacedSignup(await readPendingSignup()) },
  );
  if (!result.ok) {
    if (result.error === "overloaded") return { message: translatorFor(locale, "Api")("busy"), values };
    if (result.error === "throttled") {
      return { message: throttledIn(locale, result.retryAfterSeconds, "sign-up"), values };
    }
    return { fieldErrors: localizeFieldErrors(result.fieldErrors, locale), values };
  }
  await rememberPendingSignup(result.email, parsed.data.username);
  redirect("/register/check-inbox");
}
