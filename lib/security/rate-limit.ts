import "server-only";
import { db } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import type { Failure } from "@/lib/shared/result";

// Fixed-window counters in PostgreSQL, shared by every instance. Each hit is one atomic upsert, so parallel
// requests are all counted (no read-then-write race). Hand-written rather than a library: it is one
// statement, and the maintained libraries' Prisma stores do not support Prisma 7's driver adapters.

export type Limit = { limit: number; windowSeconds: number };
export type LimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Counts one hit on `key` and says whether it is within the limit. */
export async function hit(key: string, { limit, windowSeconds }: Limit): Promise<LimitResult> {
  const [row] = await db.$queryRaw<{ count: number; retryAfter: number }[]>`
    INSERT INTO "RateLimit" (key, count, "windowStart") VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${windowSeconds})
                   THEN 1 ELSE "RateLimit".count + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${windowSeconds})
                   THEN now() ELSE "RateLimit"."windowStart" END
    RETURNING count,
      CEIL(EXTRACT(EPOCH FROM ("windowStart" + make_interval(secs => ${windowSeconds}) - now())))::int AS "retryAfter"`;
  return row.count <= limit ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(row.retryAfter, 1) };
}

/** The per-IP and per-address limits; defaults and meaning in SECURITY.md, each configurable (.env.example). */
export const LIMITS = {
  emailsPerAddress: { limit: env.EMAILS_PER_ADDRESS_PER_HOUR, windowSeconds: 3600 },
  emailRequestsPerIp: { limit: env.EMAIL_REQUESTS_PER_IP_PER_HOUR, windowSeconds: 3600 },
  signupsPerIp: { limit: env.SIGNUPS_PER_IP_PER_HOUR, windowSeconds: 3600 },
  loginsPerIp: { limit: env.LOGINS_PER_IP_PER_MINUTE, windowSeconds: 60 },
  tokenSubmissionsPerIp: { limit: env.TOKEN_SUBMISSIONS_PER_IP_PER_HOUR, windowSeconds: 3600 },
} satisfies Record<string, Limit>;

/** Counts a token submission from this client (20 per hour per IP by default), to slow down token guessing. */
export async function limitTokenSubmissions(meta: { ip: string | null }): Promise<Failure<"throttled"> | null> {
  if (!meta.ip) return null;
  const limit = await hit(`token:ip:${meta.ip}`, LIMITS.tokenSubmissionsPerIp);
  return limit.allowed ? null : { ok: false, error: "throttled", retryAfterSeconds: limit.retryAfterSeconds };
}
