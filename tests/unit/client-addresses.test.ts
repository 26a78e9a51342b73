import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "@/lib/http/request";
import { ipLimitKey } from "@/lib/security/rate-limit";

describe("where sign-in sends the browser back to", () => {
  it.each([
    "/.//evil.example/phish",
    "/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/./%2e/.//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "//evil.example",
    "///evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " /evil",
    "/ /x",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "",
  ])("falls back to /account for %j", (value) => {
    expect(safeRedirectPath(value)).toBe("/account");
  });

  it("keeps a path of this site with its query", () => {
    expect(safeRedirectPath("/account?tab=security")).toBe("/account?tab=security");
    expect(safeRedirectPath("/admin")).toBe("/admin");
  });

  it("falls back for anything that is not a string", () => {
    expect(safeRedirectPath(["/admin"])).toBe("/account");
    expect(safeRedirectPath(null, "/")).toBe("/");
  });
});

describe("the address a per-IP limit counts", () => {
  it("is the /64 for IPv6, however the address is written", () => {
    const key = ipLimitKey("2001:db8:1:2::1");
    expect(ipLimitKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(key);
    expect(ipLimitKey("2001:0DB8:0001:0002:abcd::9")).toBe(key);
    expect(ipLimitKey("[2001:db8:1:2::5]")).toBe(key);
    expect(ipLimitKey("2001:db8:1:2::5%eth0")).toBe(key);
    expect(ipLimitKey("2001:db8:1:3::1")).not.toBe(key);
  });

  it("follows the configured prefix length", () => {
    expect(ipLimitKey("2001:db8:1:2::1", 48)).toBe(ipLimitKey("2001:db8:1:ffff::1", 48));
    expect(ipLimitKey("2001:db8:1:2::1", 128)).not.toBe(ipLimitKey("2001:db8:1:2::2", 128));
    expect(ipLimitKey("2001:db8:1:2:8000::1", 65)).not.toBe(ipLimitKey("2001:db8:1:2::1", 65));
  });

  it("counts an IPv4-mapped IPv6 address as the IPv4 address", () => {
    expect(ipLimitKey("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(ipLimitKey("::FFFF:c000:207")).toBe("192.0.2.7");
    expect(ipLimitKey("192.0.2.7")).toBe("192.0.2.7");
  });
});
