export type DurationUnit = "days" | "hours" | "minutes" | "seconds";
/** Translates a count of a unit ("Duration" messages: "{count, plural, one {# minute} other {# minutes}}"). */
export type DurationTranslator = (unit: DurationUnit, values: { count: number }) => string;

/** 86400 -> 24 hours, 1800 -> 30 minutes, 90 -> 90 seconds: the largest unit that divides it exactly. */
export function durationParts(seconds: number): { unit: DurationUnit; count: number } {
  if (seconds >= 86400 * 2 && seconds % 86400 === 0) return { unit: "days", count: seconds / 86400 };
  if (seconds >= 3600 && seconds % 3600 === 0) return { unit: "hours", count: seconds / 3600 };
  if (seconds >= 60 && seconds % 60 === 0) return { unit: "minutes", count: seconds / 60 };
  return { unit: "seconds", count: seconds };
}

/** A duration in words, in the language of `t`. */
export function formatDuration(seconds: number, t: DurationTranslator): string {
  const { unit, count } = durationParts(seconds);
  return t(unit, { count });
}

/** Appends ?token= to a configured link (which may be an SPA hash route such as /#/finalize). */
export function withToken(base: string, token: string): string {
  // A hash-routed SPA reads its query from after the "#", so only that part decides between ? and &.
  const hash = base.indexOf("#");
  const routed = hash === -1 ? base : base.slice(hash);
  return `${base}${routed.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}`;
}

/** A wait for people: 40 -> 40 seconds, 3473 -> 58 minutes, 5400 -> 2 hours (always rounded up). */
export function formatWait(seconds: number, t: DurationTranslator): string {
  if (seconds < 60) return formatDuration(Math.max(1, Math.ceil(seconds)), t);
  if (seconds < 3600) return formatDuration(Math.ceil(seconds / 60) * 60, t);
  return formatDuration(Math.ceil(seconds / 3600) * 3600, t);
}

// Building an Intl.DateTimeFormat costs about 0.2 ms, formatting with a built one a few microseconds: a page
// showing a dozen times spent a millisecond building formats. One per language and options, kept (the
// languages, zones and option sets in use are few).
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** `new Intl.DateTimeFormat(locale, options)`, built once per language and options. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

/**
 * A moment for a page rendered on the server or an email, which know no reader's time zone: in UTC, with the
 * zone named ("Nov 30, 2026, 05:47 PM UTC"; emails spell the month). Explicit fields: some engines refuse a
 * zone name next to dateStyle.
 */
export function utcDateTime(
  locale: string,
  date: Date,
  { month = "short" }: { month?: "short" | "long" } = {},
): string {
  return dateTimeFormat(locale, {
    year: "numeric",
    month,
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(date);
}
