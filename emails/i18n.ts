import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import ptBR from "@/messages/pt-BR.json";
import { describeDevice } from "@/lib/shared/device";
import { formatDuration, utcDateTime } from "@/lib/shared/format";
import type { Locale } from "@/lib/shared/locales";

// Emails are rendered outside any page (inside the transaction that causes them), in the recipient's
// language: each template takes a `locale` and reads its words from the "Email" messages.

const CATALOGUES = { en, "pt-BR": ptBR } satisfies Record<Locale, typeof en>;

export function emailText(locale: Locale) {
  return createTranslator({ locale, messages: CATALOGUES[locale], namespace: "Email" });
}

/** "24 hours", "24 horas". */
export function durationText(locale: Locale, seconds: number) {
  return formatDuration(seconds, createTranslator({ locale, messages: CATALOGUES[locale], namespace: "Duration" }));
}

/** A moment for an email: the reader's language, in UTC (an email cannot know the reader's zone), named. */
export function dateTimeText(locale: Locale, date: Date) {
  return utcDateTime(locale, date, { month: "long" });
}

/** "The link works once and expires in 24 hours, on 1 December 2026 at 19:40 UTC." */
export function linkExpiryText(locale: Locale, seconds: number, now = new Date()) {
  return emailText(locale)("linkExpiry", {
    duration: durationText(locale, seconds),
    deadline: dateTimeText(locale, new Date(now.getTime() + seconds * 1000)),
  });
}

/** "Chrome on Linux", "um navegador": the device a user agent names, in the reader's language. */
export function deviceText(locale: Locale, userAgent: string | null): string {
  const t = createTranslator({ locale, messages: CATALOGUES[locale], namespace: "Activity" });
  const found = describeDevice(userAgent);
  if (found.kind === "unknown") return t("unknownDevice");
  if (found.kind === "api") return t("apiClient");
  const browser = found.browser ?? t("aBrowser");
  return found.os ? t("browserOn", { browser, os: found.os }) : browser;
}
