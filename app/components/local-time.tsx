"use client";

import { useSyncExternalStore } from "react";
import { dateTimeFormat } from "@/lib/shared/format";

// Fields rather than dateStyle/timeStyle: older engines refuse a zone name next to those.
const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
};
const DATE: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", day: "numeric" };

const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
const serverTimeZone = () => "UTC";
const noSubscription = () => () => {};

/**
 * A date and time in the viewer's language. The server renders it in UTC, naming the zone; once the browser
 * runs, it shows the time in the browser's own zone (the server cannot know it).
 */
export function LocalTime({ iso, locale, dateOnly = false }: { iso: string; locale: string; dateOnly?: boolean }) {
  const timeZone = useSyncExternalStore(noSubscription, browserTimeZone, serverTimeZone);
  const text = dateTimeFormat(locale, { ...(dateOnly ? DATE : DATE_TIME), timeZone }).format(new Date(iso));
  return <time dateTime={iso}>{text}</time>;
}

/**
 * A stretch of time ("1 Dec 2026, 17:48 – 17:49 UTC") in the viewer's language and, once the browser runs, its
 * time zone; the date is said once when both ends share it.
 */
export function LocalTimeRange({ from, to, locale }: { from: string; to: string; locale: string }) {
  const timeZone = useSyncExternalStore(noSubscription, browserTimeZone, serverTimeZone);
  const format = dateTimeFormat(locale, { ...DATE_TIME, timeZone });
  return <span>{format.formatRange(new Date(from), new Date(to))}</span>;
}
