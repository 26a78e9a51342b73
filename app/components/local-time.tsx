"use client";

import { useSyncExternalStore } from "react";

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
  const text = new Intl.DateTimeFormat(locale, { ...(dateOnly ? DATE : DATE_TIME), timeZone }).format(new Date(iso));
  return <time dateTime={iso}>{text}</time>;
}
