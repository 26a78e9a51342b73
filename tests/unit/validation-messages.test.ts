import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import { changePasswordSchema, fieldErrors, registerSchema } from "@/lib/shared/validation";

// The messages a form shows, checked in the browser and again on the server with these same schemas. The
// schemas answer keys of the "Validation" catalogue; these read them in English.

const t = createTranslator({ locale: "en", messages: en, namespace: "Validation" });
const english = (key: string | undefined) =>
  (t as unknown as (key: string, values: object) => string)(String(key), { min: 15, max: 256, appName: "" });

describe("form messages", () => {
  it("refuses the current password as the new one", () => {
    const same = "velvet tundra orchestra 88 lantern";
    const result = changePasswordSchema(15).safeParse({
      currentPassword: same,
      newPassword: same,
      confirmPassword: same,
    });
    expect(result.success).toBe(false);
    expect(english(fieldErrors(result.error!).newPassword?.[0])).toBe(
      "Your new password must be different from your current one.",
    );
  });

  it("says 'Enter…' for empty fields", () => {
    const result = registerSchema(15).safeParse({ username: "", email: "", password: "" });
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!);
    expect(english(errors.username?.[0])).toBe("Enter a username.");
    expect(english(errors.email?.[0])).toBe("Enter your email address.");
    expect(english(errors.password?.[0])).toBe("Enter a password.");
    expect(Object.keys(errors).sort()).toEqual(["email", "password", "username"]);
  });

  it("states the length rule with the configured minimum", () => {
    const result = registerSchema(15).safeParse({
      username: "someone",
      email: "someone@example.test",
      password: "short",
    });
    expect(english(fieldErrors(result.error!).password?.[0])).toBe("Password must be 15 characters or more.");
  });
});
