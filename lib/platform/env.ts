import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { LOCALES } from "@/lib/shared/locales";

// The one reader of process.env. Every setting (.env.example) is parsed here once, at start-up, and a bad value
// stops the process with a message that names the variable and how to fix it.

const DURATION = /^(\d+)(s|m|h|d)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Parses "90s", "30m", "24h" or "7d" into seconds. */
export function parseDuration(value: string): number | null {
  const match = DURATION.exec(value.trim());
  if (!match) return null;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  return seconds > 0 ? seconds : null;
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const seconds = parseDuration(value);
      if (seconds === null) {
        ctx.addIssue({ code: "custom", message: `"${value}" is not a duration such as 90s, 30m, 24h or 7d` });
        return z.NEVER;
      }
      return seconds;
    });

const origin = z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://accounts.example.com" });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: origin.optional(),
  AUTH_SECRET: z
    .string()
    .min(32, { error: "must be at least 32 characters (generate one with: openssl rand -base64 32)" })
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: "must be a postgresql:// connection string" })
    .optional(),
  PGLITE_DIR: z.string().default("./data/pglite"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, { error: "must look like smtp://user:pass@host:587 or smtps://user:pass@host:465" })
    .optional(),
  MAIL_FROM: z.string().trim().min(3).optional(),
  APP_NAME: z.string().trim().min(1).max(60).default("Accounts"),
  DEFAULT_LOCALE: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(", ")}` }).default("en"),
  CONFIRMATION_URL: origin.optional(),
  RESET_URL: origin.optional(),
  // Footer links (and the help link in emails); each is shown only when set.
  HELP_URL: z
    .union([origin, z.string().regex(/^mailto:[^\s@]+@[^\s@]+$/)], {
      error: "must be an http(s) URL or a mailto: address",
    })
    .optional(),
  PRIVACY_URL: origin.optional(),
  TERMS_URL: origin.optional(),
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((item) => item.trim().replace(/\/$/, ""))
        .filter(Boolean),
    ),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Per-IP limits count an IPv6 client by its network prefix of this many bits: one subscriber usually holds
  // a whole /64 and can rotate through it at will.
  IPV6_LIMIT_PREFIX: z.coerce.number().int().min(32).max(128).default(64),
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(64).default(15),
  CONFIRM_TOKEN_TTL: duration("24h"),
  RESET_TOKEN_TTL: duration("30m"),
  ACCESS_TOKEN_TTL: duration("15m"),
  REFRESH_WINDOW: duration("30d"),
  SESSION_MAX_AGE: duration("7d"),
  // Throttling (SECURITY.md); every limit counts per client address or per email address, in PostgreSQL.
  SIGNUPS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(10),
  LOGINS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  EMAIL_REQUESTS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
  EMAILS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(3),
  TOKEN_SUBMISSIONS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
  LOGIN_DELAY_AFTER_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_AFTER_FAILURES: z.coerce.number().int().min(2).default(10),
  LOGIN_LOCK_DURATION: duration("15m"),
  // Sign-ins and sign-ups admitted at once, waiting for or on a password-hash thread; more are refused at
  // once with 503 (README "Operate"). Unset: 8 per hash thread (one per core).
  HASH_ADMISSION_LIMIT: z.coerce.number().int().min(1).max(10_000).optional(),
  CRON_SECRET: z.string().min(16, { error: "must be at least 16 characters (openssl rand -hex 32)" }).optional(),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  OUTBOX_BACKOFF_BASE: duration("5s"),
  OUTBOX_POLL_INTERVAL: duration("5s"),
  DATA_DIR: z.string().default("./data"),
  // Sign-in providers (Auth.js's own variable names); each is off until its id and secret are set.
  AUTH_GITHUB_ID: z.string().trim().min(1).optional(),
  AUTH_GITHUB_SECRET: z.string().trim().min(1).optional(),
  AUTH_GOOGLE_ID: z.string().trim().min(1).optional(),
  AUTH_GOOGLE_SECRET: z.string().trim().min(1).optional(),
  AUTH_OIDC_ISSUER: origin.optional(),
  AUTH_OIDC_ID: z.string().trim().min(1).optional(),
  AUTH_OIDC_SECRET: z.string().trim().min(1).optional(),
  AUTH_OIDC_NAME: z.string().trim().min(1).max(40).default("single sign-on"),
});

export type ProviderId = "github" | "google" | "oidc";
export type ProviderSettings = {
  id: ProviderId;
  name: string;
  clientId: string;
  clientSecret: string;
  issuer?: string;
};

export type Env = ReturnType<typeof loadEnv>;

export class EnvError extends Error {}

/** Parses an environment (process.env by default). Throws EnvError with one line per problem. */
export function loadEnv(source: Record<string, string | undefined> = process.env) {
  // An empty value (`AUTH_SECRET=` copied from .env.example) means "not set".
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== "")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new EnvError(`Invalid configuration: ${lines.join("; ")}`);
  }
  const raw = parsed.data;
  const production = raw.NODE_ENV === "production";
  // `next build` runs with NODE_ENV=production but serves nobody; the checks below apply when serving.
  const building = source.NEXT_PHASE === "phase-production-build";

  if (production && !building) {
    const missing: string[] = [];
    if (!raw.APP_URL) missing.push("APP_URL (the public origin, e.g. https://accounts.example.com)");
    if (!raw.AUTH_SECRET) missing.push("AUTH_SECRET (generate one with: openssl rand -base64 32)");
    if (!raw.SMTP_URL) missing.push("SMTP_URL (e.g. smtps://user:pass@smtp.example.com:465)");
    if (missing.length) throw new EnvError(`Refusing to start in production without ${missing.join(", ")}.`);
  }
  const providers = signInProviders(raw);

  const appUrl = (raw.APP_URL ?? "http://localhost:3000").replace(/\/$/, "");
  return {
    ...raw,
    production,
    APP_URL: appUrl,
    AUTH_SECRET: raw.AUTH_SECRET ?? (building ? "build-time-placeholder-secret-never-served" : devSecret(raw.DATA_DIR)),
    MAIL_FROM: raw.MAIL_FROM ?? `${raw.APP_NAME} <no-reply@localhost>`,
    CONFIRMATION_URL: raw.CONFIRMATION_URL ?? `${appUrl}/confirm`,
    RESET_URL: raw.RESET_URL ?? `${appUrl}/reset-password`,
    /** Cookies carry `Secure` when the site is served over HTTPS. */
    secureCookies: appUrl.startsWith("https://"),
    /** No SMTP server configured (never in production): emails go to the dev mailbox. */
    devMailbox: !raw.SMTP_URL,
    /** The configured sign-in providers, in button order; empty when none is configured. */
    providers,
  };
}

/** A provider is on when all its variables are set; some but not all is a mistake worth stopping for. */
function signInProviders(raw: z.infer<typeof schema>): ProviderSettings[] {
  const groups = [
    { id: "github", name: "GitHub", clientId: "AUTH_GITHUB_ID", secret: "AUTH_GITHUB_SECRET" },
    { id: "google", name: "Google", clientId: "AUTH_GOOGLE_ID", secret: "AUTH_GOOGLE_SECRET" },
    {
      id: "oidc",
      name: raw.AUTH_OIDC_NAME,
      clientId: "AUTH_OIDC_ID",
      secret: "AUTH_OIDC_SECRET",
      issuer: "AUTH_OIDC_ISSUER",
    },
  ] as const;
  const providers: ProviderSettings[] = [];
  for (const group of groups) {
    const vars = [group.clientId, group.secret, ...("issuer" in group ? [group.issuer] : [])];
    const set = vars.filter((name) => raw[name]);
    if (set.length === 0) continue;
    if (set.length < vars.length) {
      const unset = vars.filter((name) => !raw[name]);
      throw new EnvError(`Invalid configuration: ${unset.join(", ")} must be set along with ${set.join(", ")}.`);
    }
    providers.push({
      id: group.id,
      name: group.name,
      clientId: raw[group.clientId]!,
      clientSecret: raw[group.secret]!,
      issuer: "issuer" in group ? raw[group.issuer]!.replace(/\/$/, "") : undefined,
    });
  }
  return providers;
}

// Outside production a missing AUTH_SECRET is generated once and kept, so sessions survive restarts.
function devSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process created it first; use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    return fs.readFileSync(file, "utf8").trim();
  }
}

export const env = loadEnv();

/** The largest request body the site reads (forms and JSON alike); anything bigger is refused with 413. */
export const MAX_BODY_BYTES = 16 * 1024;
