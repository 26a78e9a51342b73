import { describe, expect, it } from "vitest";
import { formatDuration, withToken } from "@/lib/format";

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
    [7 * 86400, "7 days"],
    [3 * 86400 + 3600, "73 hours"],
  ])("says %i seconds as %s", (seconds, words) => {
    expect(formatDuration(seconds)).toBe(words);
  });
});

describe("links with a token", () => {
  it("appends ?token= to a plain page", () => {
    expect(withToken("http://localhost:3000/confirm", "abc_-1")).toBe("http://localhost:3000/confirm?token=abc_-1");
  });

  it("appends &token= to a link that already has a query", () => {
    expect(withToken("https://spa.example/finalize?lang=en", "abc")).toBe(
      "https://spa.example/finalize?lang=en&token=abc",
    );
  });

  it("appends ?token= to an SPA hash route, where the SPA reads it", () => {
    expect(withToken("https://spa.example/#/finalize", "abc")).toBe("https://spa.example/#/finalize?token=abc");
  });
});
