import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import ptBR from "@/messages/pt-BR.json";
import { env } from "@/lib/platform/env";
import { formatWait } from "@/lib/shared/format";
import type { Locale } from "@/lib/shared/locales";
import { PASSWORD_MAX_LENGTH } from "@/lib/shared/validation";

// Every catalogue, for the server: pages get theirs through next-intl (i18n/request.ts), emails and the JSON
// API translate with these. The browser never imports this module: a page hands its client components only
// the namespaces they use (app/components/client-messages.tsx).

export type Messages = typeof en;
export const CATALOGUES: Record<Locale, Messages> = { en, "pt-BR": ptBR };

export function messagesFor(locale: Locale): Messages {
  return CATALOGUES[locale];
}

/** A translator outside React (emails, the JSON API), in `locale`. */
export function translatorFor<N extends keyof Messages>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: CATALOGUES[locale], namespace });
}

/** The values every validation message may name ({min}, {max}, {appName}). */
export function validationValues() {
  return { min: env.PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH, appName: env.APP_NAME };
}

/**
 * Field errors as people read them. lib/ and the zod schemas answer message keys of the Validation
 * namespace; a string that is not a key (a message from elsewhere) passes through unchanged.
 */
export function localizeFieldErrors(
  errors: Record<string, string[] | undefined> | undefined,
  locale: Locale,
  retryAfterSeconds?: number,
): Record<string, string[]> {
  const t = translatorFor(locale, "Validation");
  // The keys are data here (whatever a schema or lib/ answered), so the typed translator is used untyped.
  const translate = t as unknown as (key: string, values: object) => string;
  const has = t.has as unknown as (key: string) => boolean;
  const values = { ...validationValues(), wait: waitIn(locale, retryAfterSeconds ?? 60) };
  const localized: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(errors ?? {})) {
    if (!messages) continue;
    localized[field] = messages.map((key) => (has(key) ? translate(key, values) : key));
  }
  return localized;
}

/** "2 minutes", "2 minutos": a wait before trying again, rounded up. */
export function waitIn(locale: Locale, seconds: number): string {
  return formatWait(seconds, translatorFor(locale, "Duration"));
}

const THROTTLE_KEYS = {
  "sign-in": "signIns",
  "sign-up": "signups",
  "email-requests": "requests",
  attempts: "attempts",
  codes: "codes",
} as const;

/** "Too many … Try again in 15 minutes." (or "later" when the wait is unknown), in `locale`. */
export function throttledIn(
  locale: Locale,
  retryAfterSeconds?: number,
  what: keyof typeof THROTTLE_KEYS = "attempts",
): string {
  const t = translatorFor(locale, "Throttle");
  const key = THROTTLE_KEYS[what];
  if (retryAfterSeconds === undefined) return t(`${key}Later`);
  return t(key, { wait: waitIn(locale, retryAfterSeconds) });
}
