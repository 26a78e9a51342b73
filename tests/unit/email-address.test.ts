import { describe, expect, it } from "vitest";
import { EMAIL_MAX_LENGTH, maskEmail, normalizeEmail, parseEmail } from "@/lib/shared/email-address";
import { emailSchema } from "@/lib/shared/validation";

describe("email normalisation", () => {
  it("trims, applies NFKC and lower-cases", () => {
    expect(normalizeEmail("  Alice@Example.COM\t")).toBe("alice@example.com");
    // Fullwidth letters fold to ASCII under NFKC.
    expect(normalizeEmail("ａｌｉｃｅ@example.com")).toBe("alice@example.com");
    expect(parseEmail("  ＡLICE@Example.Com ")).toBe("alice@example.com");
    // A line break around the address is trimmed like any whitespace; the stored address never holds one.
    expect(parseEmail("alice@example.com\r\n")).toBe("alice@example.com");
  });

  it("gives every case variant of an address the same normal form", () => {
    const variants = ["Alice@Example.com", "ALICE@EXAMPLE.COM", "alice@example.com", "aLiCe@eXaMpLe.CoM"];
    expect(new Set(variants.map(parseEmail))).toEqual(new Set(["alice@example.com"]));
  });

  it("accepts ordinary addresses, plus tags and subdomains", () => {
    expect(parseEmail("first.last+tag@mail.example.co.uk")).toBe("first.last+tag@mail.example.co.uk");
    expect(parseEmail("o'brien@example.ie")).toBe("o'brien@example.ie");
  });
});

describe("strict email validation", () => {
  it.each([
    ["a quoted local part", '"a b"@x.com'],
    ["a quoted local part without spaces", '"ab"@x.com'],
    ["the fullwidth at-sign U+FF20", "alice\uFF20example.com"],
    ["the small at-sign U+FE6B", "alice\uFE6Bexample.com"],
    ["a look-alike at-sign next to a real one", "alice\uFF20evil.com@example.com"],
    ["a comma", "alice@example.com,bob@example.com"],
    ["a comma in the local part", "ali,ce@example.com"],
    ["CR/LF inside the address", "alice@example.com\r\nBcc: eve@evil.com"],
    ["a line feed in the local part", "ali\nce@example.com"],
    ["a space", "alice smith@example.com"],
    ["two at-signs", "alice@bob@example.com"],
    ["no at-sign", "alice.example.com"],
    ["no top-level domain", "alice@localhost"],
    ["an empty local part", "@example.com"],
    ["a leading dot", ".alice@example.com"],
    ["two dots in a row", "ali..ce@example.com"],
    ["a non-ASCII domain", "alice@exämple.com"],
    ["an empty string", ""],
  ])("rejects %s", (_label, raw) => {
    expect(parseEmail(raw)).toBeNull();
    expect(emailSchema.safeParse(raw).success).toBe(false);
  });

  it("rejects addresses over 254 characters and accepts one of exactly 254", () => {
    const domain = `${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(60)}.example.com`;
    const fits = `${"a".repeat(EMAIL_MAX_LENGTH - domain.length - 1)}@${domain}`;
    expect(fits).toHaveLength(254);
    expect(parseEmail(fits)).toBe(fits);
    expect(parseEmail(`a${fits}`)).toBeNull();
    expect(emailSchema.safeParse(`a${fits}`).success).toBe(false);
  });

  it("rejects a local part over 64 characters", () => {
    expect(parseEmail(`${"a".repeat(64)}@example.com`)).not.toBeNull();
    expect(parseEmail(`${"a".repeat(65)}@example.com`)).toBeNull();
  });

  it("hands the normalised address to the server through the schema", () => {
    expect(emailSchema.parse(" Bob@Example.COM ")).toBe("bob@example.com");
    const failure = emailSchema.safeParse("bob@");
    expect(failure.success).toBe(false);
    // A message key: each page translates it into its own language (messages/*.json, "Validation").
    expect(failure.error?.issues[0].message).toBe("emailInvalid");
  });
});

describe("masking an address", () => {
  it("keeps the first and last letters of the local part and the whole domain", () => {
    expect(maskEmail("alice@example.com")).toBe("a•••e@example.com");
    expect(maskEmail("bo@example.com")).toBe("b•••@example.com");
    expect(maskEmail("x@example.com")).toBe("x•••@example.com");
  });

  it("never shows the middle of the local part", () => {
    const masked = maskEmail("secretname@example.com");
    expect(masked).toBe("s•••e@example.com");
    expect(masked).not.toContain("ecretnam");
  });
});
