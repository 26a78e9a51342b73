import { describe, expect, it } from "vitest";
import { createTranslator } from "next-intl";
import { dictionary as portugueseDictionary } from "@zxcvbn-ts/language-pt-br";
import en from "@/messages/en.json";
import ptBR from "@/messages/pt-BR.json";
import { hashPassword, verifyPassword } from "@/lib/security/password-hash";
import type { PasswordContext, PasswordVerdict } from "@/lib/shared/password-policy";
import { checkPasswordStrength as checkStrength } from "@/lib/shared/password-strength";
import { loginSchema, newPasswordSchema, PASSWORD_MAX_LENGTH, registerSchema } from "@/lib/shared/validation";

const MIN_LENGTH = 15;
const values = { min: MIN_LENGTH, max: 256, appName: "Accounts" };
const english = createTranslator({ locale: "en", messages: en, namespace: "Validation" });
const portuguese = createTranslator({ locale: "pt-BR", messages: ptBR, namespace: "Validation" });
/** The policy answers message keys; people read them in their language. */
const say = (key: string, t = english) => (t as unknown as (k: string, v: object) => string)(key, values);
const PORTUGUESE = [{ name: "pt-BR", dictionary: portugueseDictionary }];

/** The strength check with its refusal in English words. */
function checkPasswordStrength(password: string, context: PasswordContext = {}) {
  const verdict: PasswordVerdict = checkStrength(password, context);
  if (!verdict.reason) return verdict;
  const { warning: _warning, suggestion: _suggestion, ...rest } = verdict;
  return { ...rest, reason: say(verdict.reason) };
}
const context = { username: "marjorie", email: "marjorie.dawes@example.com", appName: "Accounts" };
const registration = (password: string) =>
  registerSchema(MIN_LENGTH).safeParse({
    username: context.username,
    email: context.email,
    password,
  });

/** The verdict of the whole policy: the schema's length window, then the strength check. */
function policy(password: string) {
  const parsed = newPasswordSchema(MIN_LENGTH).safeParse(password);
  if (!parsed.success) return { ok: false, reason: say(parsed.error.issues[0].message) };
  return checkPasswordStrength(password, context);
}

describe("the password policy", () => {
  it("refuses 14 characters and accepts 15", () => {
    const fourteen = "mqzkvbtrplwneo";
    expect(fourteen).toHaveLength(14);
    expect(policy(fourteen)).toEqual({
      ok: false,
      reason: "Password must be 15 characters or more.",
    });
    expect(registration(fourteen).success).toBe(false);
    expect(policy(`${fourteen}x`)).toMatchObject({ ok: true });
  });

  it("refuses a common password even when it is long enough", () => {
    const verdict = policy("passwordpassword");
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toMatch(/^This password is too easy to guess/);
  });

  it("refuses a password that contains the username, whatever its case", () => {
    expect(policy("Marjorie plays the banjo at dawn")).toEqual({
      ok: false,
      score: expect.any(Number),
      reason: "Your password must not contain your username.",
    });
  });

  it("refuses a password that contains the local part of the email address", () => {
    expect(checkPasswordStrength("x marjorie.dawes sings loudly at dawn", { email: context.email })).toMatchObject({
      ok: false,
      reason: "Your password must not contain your email address.",
    });
  });

  it("refuses a password that contains the site name", () => {
    expect(policy("my Accounts login is brilliant 7")).toMatchObject({
      ok: false,
      reason: "Your password must not contain the site name (Accounts).",
    });
  });

  it("accepts a 20-letter lower-case passphrase and a few unrelated words", () => {
    for (const password of ["mqzkvbtrplwneoxuyhcd", "correct horse battery staple 42"]) {
      const verdict = policy(password);
      expect(verdict).toMatchObject({ ok: true });
      expect("score" in verdict && verdict.score).toBeGreaterThanOrEqual(3);
      expect(registration(password).success).toBe(true);
    }
  });

  it("keeps every character: no trimming, truncation or case change", () => {
    const password = "  Correct Horse Battery Staple 42  ";
    const parsed = registration(password);
    expect(parsed.success && parsed.data.password).toBe(password);
  });

  it("explains every refusal in a sentence a person can read", () => {
    const refusals = ["passwordpassword", "aaaaaaaaaaaaaaaaaaaa", "qwertyuiopasdfghjkl", "marjorie1234567890"].map(
      (password) => checkPasswordStrength(password, context),
    );
    for (const verdict of refusals) {
      expect(verdict.ok).toBe(false);
      expect(verdict.reason).toMatch(/^[A-Z][^\n]{10,200}\.$/);
      expect(verdict.reason).not.toMatch(/undefined|null|\[object/);
    }
  });
});

describe("common Portuguese passwords", () => {
  // "cachorroquente" (hot dog) is in the Brazilian Portuguese dictionary, not in the English one.
  const portugueseCommon = "cachorroquente";

  it("pass an English-only check but are refused once the Portuguese dictionary is added", () => {
    expect(checkStrength(portugueseCommon, context).ok).toBe(true);
    expect(checkStrength(portugueseCommon, context, PORTUGUESE)).toMatchObject({
      ok: false,
      reason: "passwordTooGuessable",
    });
  });

  it("are refused with a sentence in either language", () => {
    const { reason } = checkStrength(portugueseCommon, context, PORTUGUESE);
    expect(say(reason!)).toMatch(/^This password is too easy to guess/);
    expect(say(reason!, portuguese)).toMatch(/^Essa senha é fácil demais de adivinhar/);
  });
});

describe("over-long passwords", () => {
  const overLong = "correct horse battery staple ".repeat(11).slice(0, 300);

  it("are refused by the sign-up and sign-in schemas", () => {
    expect(overLong).toHaveLength(300);
    expect(registration(overLong).success).toBe(false);
    const login = loginSchema.safeParse({ login: "marjorie", password: overLong });
    expect(login.success).toBe(false);
    expect(login.error?.issues[0]).toMatchObject({
      path: ["password"],
      message: "currentPasswordTooLong",
    });
    expect(loginSchema.safeParse({ login: "marjorie", password: overLong.slice(0, 256) }).success).toBe(true);
  });

  it("never reach the hasher: hashing and verifying refuse them before any argon2 work", async () => {
    const realHash = await hashPassword(overLong.slice(0, PASSWORD_MAX_LENGTH));

    // argon2 runs on libuv's thread pool, so its result needs at least one turn of the event loop; a
    // promise that settles within a few microtask turns cannot have waited for a hash.
    for (const attempt of [() => hashPassword(overLong), () => verifyPassword(realHash, overLong)]) {
      let settled = false;
      const promise = attempt();
      promise.catch(() => (settled = true));
      for (let i = 0; i < 5; i++) await Promise.resolve();
      expect(settled).toBe(true);
      await expect(promise).rejects.toThrow(RangeError);
    }
  });

  it("hashes and verifies a password of exactly the maximum length", async () => {
    const longest = overLong.slice(0, PASSWORD_MAX_LENGTH);
    const stored = await hashPassword(longest);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, longest)).toBe(true);
    expect(await verifyPassword(stored, longest.slice(0, -1))).toBe(false);
  });
});
