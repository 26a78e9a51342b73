import { describe, expect, it } from "vitest";
import { loadEnv, parseDuration } from "@/lib/platform/env";

const dev = { NODE_ENV: "development", DATA_DIR: "/tmp/accounts-env-test" };
const production = {
  NODE_ENV: "production",
  APP_URL: "https://accounts.example.com",
  AUTH_SECRET: "x".repeat(44),
  SMTP_URL: "smtps://user:pass@smtp.example.com:465",
};

describe("configuration", () => {
  it("applies the documented defaults outside production", () => {
    const env = loadEnv(dev);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.APP_NAME).toBe("Accounts");
    expect(env.PASSWORD_MIN_LENGTH).toBe(15);
    expect(env.CONFIRM_TOKEN_TTL).toBe(24 * 3600);
    expect(env.RESET_TOKEN_TTL).toBe(30 * 60);
    expect(env.ACCESS_TOKEN_TTL).toBe(15 * 60);
    expect(env.REFRESH_WINDOW).toBe(30 * 86400);
    expect(env.SESSION_MAX_AGE).toBe(7 * 86400);
    expect(env.TRUSTED_PROXY_HOPS).toBe(0);
    expect(env.CORS_ORIGINS).toEqual([]);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DIR).toBe("./data/pglite");
    expect(env.devMailbox).toBe(true);
    expect(env.CONFIRMATION_URL).toBe("http://localhost:3000/confirm");
    expect(env.RESET_URL).toBe("http://localhost:3000/reset-password");
  });

  it("generates AUTH_SECRET once outside production and reuses it", () => {
    const first = loadEnv(dev).AUTH_SECRET;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadEnv(dev).AUTH_SECRET).toBe(first);
  });

  it("parses lists, numbers and durations", () => {
    const env = loadEnv({
      ...dev,
      CORS_ORIGINS: "https://a.example, https://b.example/",
      TRUSTED_PROXY_HOPS: "1",
      PASSWORD_MIN_LENGTH: "12",
      RESET_TOKEN_TTL: "90s",
      APP_URL: "https://accounts.example.com/",
    });
    expect(env.CORS_ORIGINS).toEqual(["https://a.example", "https://b.example"]);
    expect(env.TRUSTED_PROXY_HOPS).toBe(1);
    expect(env.PASSWORD_MIN_LENGTH).toBe(12);
    expect(env.RESET_TOKEN_TTL).toBe(90);
    expect(env.RESET_URL).toBe("https://accounts.example.com/reset-password");
    expect(parseDuration("7d")).toBe(604800);
    expect(parseDuration("0s")).toBeNull();
    expect(parseDuration("soon")).toBeNull();
  });

  it.each([
    [{ PASSWORD_MIN_LENGTH: "7" }, "PASSWORD_MIN_LENGTH"],
    [{ PASSWORD_MIN_LENGTH: "65" }, "PASSWORD_MIN_LENGTH"],
    [{ CONFIRM_TOKEN_TTL: "tomorrow" }, "CONFIRM_TOKEN_TTL"],
    [{ APP_URL: "ftp://example.com" }, "APP_URL"],
    [{ DATABASE_URL: "mysql://localhost/db" }, "DATABASE_URL"],
    [{ SMTP_URL: "http://mail.example.com" }, "SMTP_URL"],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET"],
    [{ TRUSTED_PROXY_HOPS: "-1" }, "TRUSTED_PROXY_HOPS"],
  ])("rejects a bad value %o, naming the variable", (bad, variable) => {
    expect(() => loadEnv({ ...dev, ...bad })).toThrow(variable);
  });

  it("accepts a complete production configuration and sends real mail", () => {
    const env = loadEnv(production);
    expect(env.production).toBe(true);
    expect(env.devMailbox).toBe(false);
  });

  it.each(["APP_URL", "AUTH_SECRET", "SMTP_URL"])("refuses to start in production without %s", (variable) => {
    const config: Record<string, string | undefined> = { ...production, [variable]: undefined };
    expect(() => loadEnv(config)).toThrow(new RegExp(`Refusing to start in production without ${variable}`));
  });
});
