import "server-only";
import crypto from "node:crypto";
import { env } from "@/lib/platform/env";

// Small values the server hands out and must get back unforged (a cookie): JSON with an
// expiry, signed with HMAC-SHA256 under a key derived from AUTH_SECRET (rotating the secret voids them).

const key = Buffer.from(crypto.hkdfSync("sha256", env.AUTH_SECRET, "", "accounts signed data", 32));

function signature(body: string): Buffer {
  return crypto.createHmac("sha256", key).update(body).digest();
}

export function seal(data: unknown, maxAgeSeconds: number): string {
  const body = Buffer.from(JSON.stringify({ data, exp: Date.now() + maxAgeSeconds * 1000 })).toString("base64url");
  return `${body}.${signature(body).toString("base64url")}`;
}

export function unseal<T>(value: string | null | undefined): T | null {
  const [body, given] = (value ?? "").split(".");
  if (!body || !given) return null;
  const expected = signature(body);
  const provided = Buffer.from(given, "base64url");
  if (provided.length !== expected.length || !crypto.timingSafeEqual(provided, expected)) return null;
  try {
    const { data, exp } = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    return typeof exp === "number" && exp > Date.now() ? (data as T) : null;
  } catch {
    return null;
  }
}
