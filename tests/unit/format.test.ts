import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import ptBR from "@/messages/pt-BR.json";
import {
  dateTimeFormat,
  formatDuration as formatIn,
  formatWait as waitIn,
  utcDateTime,
  withToken,
} from "@/lib/shared/format";

const english = createTranslator({ locale: "en", messages: en, namespace: "Duration" });
const portuguese = createTranslator({ locale: "pt-BR", messages: ptBR, namespace: "Duration" });
const formatDuration = (seconds: number) => formatIn(seconds, english);
const formatWait = (seconds: number) => waitIn(seconds, english);

describe("links in emails", () => {
  it("append the token to this site's pages", () => {
    expect(withToken("https://accounts.example.com/confirm", "abc")).toBe(
      "https://accounts.example.com/confirm?token=abc",
    );
  });

  it("append the token to an SPA hash route such as the original app's #/finalize", () => {
    expect(withToken("https://spa.example/#/finalize", "abc")).toBe("https://spa.example/#/finalize?token=abc");
    expect(withToken("https://spa.example/#/new_password", "a-b_c")).toBe(
      "https://spa.example/#/new_password?token=a-b_c",
    );
  });

  it("keep a query the configured link already has, in the part the page reads", () => {
    expect(withToken("https://spa.example/app?lang=en#/finalize", "abc")).toBe(
      "https://spa.example/app?lang=en#/finalize?token=abc",
    );
    expect(withToken("https://spa.example/#/finalize?lang=en", "abc")).toBe(
      "https://spa.example/#/finalize?lang=en&token=abc",
    );
    expect(withToken("https://accounts.example.com/confirm?source=email", "abc")).toBe(
      "https://accounts.example.com/confirm?source=email&token=abc",
    );
  });
});

describe("durations in emails", () => {
  it("read naturally", () => {
    expect(formatDuration(86400)).toBe("24 hours");
    expect(formatDuration(1800)).toBe("30 minutes");
    expect(formatDuration(90)).toBe("90 seconds");
    expect(formatDuration(7 * 86400)).toBe("7 days");
  });
});

describe("durations in Portuguese", () => {
  it("use the Portuguese words and plurals", () => {
    expect(formatIn(86400, portuguese)).toBe("24 horas");
    expect(formatIn(60, portuguese)).toBe("1 minuto");
    expect(formatIn(7 * 86400, portuguese)).toBe("7 dias");
    expect(waitIn(61, portuguese)).toBe("2 minutos");
  });
});

describe("durations in words", () => {
  it.each([
    [1, "1 second"],
    [90, "90 seconds"],
    [60, "1 minute"],
    [1800, "30 minutes"],
    [3600, "1 hour"],
    [86400, "24 hours"],
    [36 * 3600, "36 hours"],
    [2 * 86400, "2 days"],
    [3 * 86400 + 3600, "73 hours"],
  ])("says %i seconds as %s", (seconds, words) => {
    expect(formatDuration(seconds)).toBe(words);
  });

  it.each([
    [0.2, "1 second"],
    [40, "40 seconds"],
    [61, "2 minutes"],
    [3473, "58 minutes"],
    [3600, "1 hour"],
    [5400, "2 hours"],
  ])("rounds a wait of %f seconds up to %s", (seconds, words) => {
    expect(formatWait(seconds)).toBe(words);
  });
});

describe("date formats", () => {
  it("are built once per language and options, and format as a new one would", () => {
    const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" };
    const format = dateTimeFormat("en", options);
    expect(dateTimeFormat("en", { ...options })).toBe(format);
    expect(dateTimeFormat("pt-BR", options)).not.toBe(format);
    expect(dateTimeFormat("en", { ...options, month: "short" })).not.toBe(format);
    const moment = new Date("2026-12-02T01:30:00Z");
    expect(format.format(moment)).toBe(new Intl.DateTimeFormat("en", options).format(moment));
    // Two calls share one format and still answer each its own date.
    expect(utcDateTime("en", moment)).toBe("Dec 2, 2026, 01:30 AM UTC");
    expect(utcDateTime("en", new Date("2026-12-03T14:05:00Z"))).toBe("Dec 3, 2026, 02:05 PM UTC");
    expect(utcDateTime("en", moment, { month: "long" })).toContain("December");
    expect(utcDateTime("en", moment)).toContain("Dec");
    expect(utcDateTime("en", moment)).not.toContain("December");
  });
});
