import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

export type RequestMeta = { ip: string | null; userAgent: string | null };

/**
 * The client's address. X-Forwarded-For is trusted only as far as TRUSTED_PROXY_HOPS says: with N trusted
 * proxies, the client is the Nth address from the right. With none, the last address is the one Next.js
 * recorded from the socket (it fills the header only when the client sent none; see the note in SECURITY.md).
 */
export function clientIp(source: Headers, hops = env.TRUSTED_PROXY_HOPS): string | null {
  const chain = (source.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (chain.length === 0) return null;
  const index = chain.length - Math.max(hops, 1);
  return chain[Math.max(index, 0)].slice(0, 64);
}

export function metaFrom(source: Headers): RequestMeta {
  return { ip: clientIp(source), userAgent: source.get("user-agent")?.slice(0, 300) ?? null };
}

/** Request facts for a server component or server action. */
export async function requestMeta(): Promise<RequestMeta> {
  return metaFrom(await headers());
}

/** Only same-origin paths: "/account" yes; "//evil.example", "https://…" or "/\\evil" no. */
export function safeRedirectPath(value: unknown, fallback = "/account"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\"))
    return fallback;
  try {
    const url = new URL(value, "http://localhost");
    return url.origin === "http://localhost" ? url.pathname + url.search : fallback;
  } catch {
    return fallback;
  }
}
