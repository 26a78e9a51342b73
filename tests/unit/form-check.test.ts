import { describe, expect, it } from "vitest";
import { lazyCheck } from "@/app/components/form-check";
import { loginSchema, registerSchema } from "@/lib/shared/validation";

// The browser's check of a form runs the server's own zod schema; these are the answers the forms show.

describe("a form's check in the browser", () => {
  it("answers each failing field's first problem, as a message key, and nothing for a valid form", async () => {
    const { check } = lazyCheck(async () => registerSchema(12));
    expect(await check({ username: "", email: "not an address", password: "short" })).toEqual({
      username: "usernameRequired",
      email: "emailInvalid",
      password: "passwordTooShort",
    });
    expect(await check({ username: "ada", email: "ada@example.com", password: "correct horse battery" })).toEqual({});
  });

  it("passes a form it cannot check (the schema did not load), and loads it again on the next check", async () => {
    let loads = 0;
    const { check } = lazyCheck(async () => {
      loads += 1;
      if (loads === 1) throw new Error("the chunk did not load");
      return loginSchema;
    });
    expect(await check({ login: "", password: "" })).toEqual({});
    expect(await check({ login: "", password: "" })).toEqual({
      login: "loginRequired",
      password: "passwordRequired",
    });
    expect(loads).toBe(2);
  });

  it("loads the schema once, however many checks and preloads there are", async () => {
    let loads = 0;
    const { check, preload } = lazyCheck(async () => {
      loads += 1;
      return loginSchema;
    });
    preload();
    preload();
    await Promise.all([check({ login: "ada", password: "x" }), check({ login: "", password: "x" })]);
    expect(loads).toBe(1);
  });
});
