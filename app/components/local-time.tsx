"use client";

import { useSyncExternalStore } from "react";

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short", timeZoneName: "short" };
const DATE: Intl.DateTimeFormatOptions = { dateStyle: "long" };

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
