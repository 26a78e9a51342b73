import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/platform/env";
import { SOCKET_ADDRESS_HEADER } from "@/lib/platform/node-server";

export type RequestMeta = { ip: string | null; userAgent: string | null };

/**
 * The client's address, which every per-IP limit counts. With no trusted proxy it is the socket's address; with N trusted proxies
 * in front, each appending to X-Forwarded-For, it is the address the outermost trusted proxy saw: the
 * (N)th from the right of X-Forwarded-For followed by the socket's address. Anything further left was
 * written by the client and is ignored.
 */
export function clientIp(source: Headers, hops = env.TRUSTED_PROXY_HOPS): string | null {
  const socket = source.get(SOCKET_ADDRESS_HEADER) || null;
  const forwarded = (source.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const chain = [...forwarded, ...(socket ? [socket] : [])];
  const address = chain[chain.length - 1 - hops] ?? chain[0];
  return address ? address.replace(/^::ffff:/, "").slice(0, 64) : null;
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
