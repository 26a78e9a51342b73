import { getLocale, getTranslations } from "next-intl/server";
import { LOCALE_NAMES, LOCALES } from "@/lib/shared/locales";

/**
 * A plain form (no JavaScript needed): each button posts its language to /locale, which remembers it in a
 * cookie (and on the account when signed in) and comes back to this page.
 */
export async function LanguageSwitcher() {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("Common")]);
  return (
    <form method="post" action="/locale" className="language-switcher" aria-label={t("languageLabel")}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="submit"
          name="locale"
          value={option}
          lang={option}
          className="link-button"
          aria-current={option === locale ? "true" : undefined}
        >
          {LOCALE_NAMES[option]}
        </button>
      ))}
    </form>
  );
}
