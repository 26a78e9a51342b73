import { describe, expect, it } from "vitest";
import { changePasswordSchema, fieldErrors, registerSchema } from "@/lib/shared/validation";

// The messages a form shows, checked in the browser and again on the server with these same schemas.

describe("form messages", () => {
  it("refuses the current password as the new one", () => {
    const same = "velvet tundra orchestra 88 lantern";
    const result = changePasswordSchema(15).safeParse({
      currentPassword: same,
      newPassword: same,
      confirmPassword: same,
    });
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!).newPassword).toEqual([
      "Your new password must be different from your current one.",
    ]);
  });

  it("says 'Enter…' for empty fields, the repeated password included", () => {
    const result = registerSchema(15).safeParse({ username: "", email: "", password: "", confirmPassword: "" });
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!);
    expect(errors.username?.[0]).toBe("Enter a username.");
    expect(errors.email?.[0]).toBe("Enter your email address.");
    expect(errors.password?.[0]).toBe("Enter a password.");
    expect(errors.confirmPassword?.[0]).toBe("Repeat your password.");
  });

  it("states the length rule plainly", () => {
    const result = registerSchema(15).safeParse({
      username: "someone",
      email: "someone@example.test",
      password: "short",
      confirmPassword: "short",
    });
    expect(fieldErrors(result.error!).password).toEqual(["Password must be 15 characters or more."]);
  });
});
