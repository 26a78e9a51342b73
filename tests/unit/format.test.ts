import { describe, expect, it } from "vitest";
import { formatDuration, withToken } from "@/lib/format";

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
