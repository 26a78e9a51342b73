import "server-only";
import net from "node:net";
import { directSql } from "@/lib/platform/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/platform/env";
import type { Failure } from "@/lib/shared/result";

// Fixed-window counters in PostgreSQL, shared by every instance. Each hit is one atomic upsert, so parallel
// requests are all counted (no read-then-write race). Hand-written rather than a library: it is one
// statement, and the maintained libraries' Prisma stores do not support Prisma 7's driver adapters.
//
// Every limit is applied through the two functions below, `limitPerIp` and `emailQuota`, so each rule's key
// is built in one place and no path can skip it.

export type Limit = { limit: number; windowSeconds: number };
export type LimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The statement that counts one hit on `key`: one atomic upsert, whose row has `count` (this hit included)
 * and `retryAfter` (seconds until the window ends). A hot path may run it inside a statement of its own.
 */
function hitUpsert(key: string, { windowSeconds }: Limit): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "RateLimit" (key, count, "windowStart") VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${windowSeconds})
                   THEN 1 ELSE "RateLimit".count + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" <= now() - make_interval(secs => ${windowSeconds})
                   THEN now() ELSE "RateLimit"."windowStart" END
    RETURNING count,
      CEIL(EXTRACT(EPOCH FROM ("windowStart" + make_interval(secs => ${windowSeconds}) - now())))::int AS "retryAfter"`;
}

type HitRow = { count: number; retryAfter: number };

function verdictOf(row: HitRow, { limit }: Limit): LimitResult {
  return row.count <= limit ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(row.retryAfter, 1) };
}

/** Counts one hit on `key` and says whether it is within the limit. */
export async function hit(key: string, limit: Limit): Promise<LimitResult> {
  const [row] = await directSql<HitRow>(hitUpsert(key, limit));
  return verdictOf(row, limit);
}

/** The per-IP and per-address limits; defaults and meaning in SECURITY.md, each configurable (.env.example). */
export const LIMITS = {
  emailsPerAddress: { limit: env.EMAILS_PER_ADDRESS_PER_HOUR, windowSeconds: 3600 },
  emailRequestsPerIp: { limit: env.EMAIL_REQUESTS_PER_IP_PER_HOUR, windowSeconds: 3600 },
  signupsPerIp: { limit: env.SIGNUPS_PER_IP_PER_HOUR, windowSeconds: 3600 },
  loginsPerIp: { limit: env.LOGINS_PER_IP_PER_MINUTE, windowSeconds: 60 },
  tokenSubmissionsPerIp: { limit: env.TOKEN_SUBMISSIONS_PER_IP_PER_HOUR, windowSeconds: 3600 },
} satisfies Record<string, Limit>;

/** What a client may do so many times per address: each has its own counter and limit. */
const PER_IP = {
  // Anything that makes us send an email: reset requests, resends, a new address to confirm.
  "email-requests": LIMITS.emailRequestsPerIp,
  signup: LIMITS.signupsPerIp,
  login: LIMITS.loginsPerIp,
  // Emailed tokens submitted (confirm, reset, email change): slows down token guessing.
  token: LIMITS.tokenSubmissionsPerIp,
} satisfies Record<string, Limit>;
export type IpBucket = keyof typeof PER_IP;

/**
 * The key a client address is counted under. An IPv6 client is counted by its network prefix
 * (IPV6_LIMIT_PREFIX bits, a /64 by default): one subscriber usually holds a whole /64 and could otherwise
 * rotate addresses to dodge every per-IP limit. An IPv4-mapped IPv6 address counts as its IPv4 address.
 */
export function ipLimitKey(ip: string, prefixBits = env.IPV6_LIMIT_PREFIX): string {
  const address = ip
    .trim()
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "");
  if (net.isIPv4(address)) return address;
  if (!net.isIPv6(address)) return address.toLowerCase();
  const groups = ipv6Groups(address);
  // ::ffff:a.b.c.d, also when written in hex (::ffff:7f00:1).
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join(".");
  }
  const masked = groups.map((group, index) => {
    const bitsLeft = Math.max(0, Math.min(16, prefixBits - index * 16));
    return bitsLeft === 0 ? 0 : group & ((0xffff << (16 - bitsLeft)) & 0xffff);
  });
  return `${masked.map((group) => group.toString(16)).join(":")}/${prefixBits}`;
}

/** The eight 16-bit groups of a valid IPv6 address (with "::" and a trailing dotted IPv4 expanded). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = text.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const parse = (part: string) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === null ? [] : parse(tail);
  return [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
}

/**
 * One request of this kind counted on the client's address, as a statement that a hot path may run inside
 * one of its own (lib/accounts/sign-in): its row goes to `failure`. Null when the request has no address.
 */
export function perIpHit(meta: { ip: string | null }, bucket: IpBucket) {
  if (!meta.ip) return null;
  const limit = PER_IP[bucket];
  return {
    statement: hitUpsert(`${bucket}:ip:${ipLimitKey(meta.ip)}`, limit),
    /** The most hits the window allows: a `count` above it is refused. */
    limit: limit.limit,
    failure(row: HitRow): Failure<"throttled"> | null {
      const verdict = verdictOf(row, limit);
      return verdict.allowed ? null : { ok: false, error: "throttled", retryAfterSeconds: verdict.retryAfterSeconds };
    },
  };
}

/** Counts one request of this kind from the client's address; a failure when it is over the limit. */
export async function limitPerIp(meta: { ip: string | null }, bucket: IpBucket): Promise<Failure<"throttled"> | null> {
  const ipHit = perIpHit(meta, bucket);
  if (!ipHit) return null;
  const [row] = await directSql<HitRow>(ipHit.statement);
  return ipHit.failure(row);
}

/**
 * Counts one email to `address` and says whether it may be sent: every email we send on request (a
 * confirmation, a resend, a reset link, a new address to confirm, a sign-in lock notice) shares one cap
 * per recipient, 3 an hour by default, so nobody can make us flood an inbox.
 */
export async function emailQuota(address: string): Promise<boolean> {
  return (await hit(`email:${address.toLowerCase()}`, LIMITS.emailsPerAddress)).allowed;
}

/**
 * The same cap for "new sign-in" notices, counted apart: someone who holds the password and signs in from
 * fresh browsers must not use up the cap that the owner's reset links need.
 */
export async function signInNoticeQuota(address: string): Promise<boolean> {
  return (await hit(`new-sign-in:${address.toLowerCase()}`, LIMITS.emailsPerAddress)).allowed;
}

/** The counters above for one address (a deleted account's are removed with it). */
export function emailQuotaKeys(address: string): string[] {
  return [`email:${address.toLowerCase()}`, `new-sign-in:${address.toLowerCase()}`];
}

/** Counts a token submission from this client (20 per hour per IP by default), to slow down token guessing. */
export function limitTokenSubmissions(meta: { ip: string | null }): Promise<Failure<"throttled"> | null> {
  return limitPerIp(meta, "token");
}
