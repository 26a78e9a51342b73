import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { env } from "@/lib/platform/env";
import { getCurrentSession } from "@/lib/sessions/dal";
import { isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from "@/lib/shared/locales";

/**
 * The language of this page view: the visitor's choice (a cookie set by the language switcher), else the
 * signed-in account's saved choice, else the best match for Accept-Language, else DEFAULT_LOCALE.
 */
export const requestLocale = cache(async (): Promise<Locale> => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  const saved = (await getCurrentSession())?.user.locale;
  if (isLocale(saved)) return saved;
  return negotiateLocale((await headers()).get("accept-language")) ?? env.DEFAULT_LOCALE;
});
