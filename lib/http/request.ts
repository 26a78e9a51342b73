import "server-only";
import { cookies, headers } from "next/headers";
import { env } from "@/lib/platform/env";
import { isLocale, LOCALE_COOKIE, negotiateLocale, type Locale } from "@/lib/shared/locales";

/** The socket's address, stamped on every request by the server entry (server.mjs), which replaces any copy a
 *  client sent. Without it (`next dev`) the address comes from X-Forwarded-For, which Next.js fills from the
 *  socket only when the client sent none. */
export const SOCKET_ADDRESS_HEADER = "x-accounts-socket-address";

export type RequestMeta = {
  ip: string | null;
  userAgent: string | null;
  /** The language the request was made in: emails it causes go out in it. Absent: DEFAULT_LOCALE. */
  locale?: Locale;
};

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

/** Request facts for an API route: its language is the one Accept-Language asks for. */
export function metaFrom(source: Headers): RequestMeta {
  return {
    ip: clientIp(source),
    userAgent: source.get("user-agent")?.slice(0, 300) ?? null,
    locale: negotiateLocale(source.get("accept-language")) ?? env.DEFAULT_LOCALE,
  };
}

/** Request facts for a server component or server action: its language is the visitor's chosen one first. */
export async function requestMeta(): Promise<RequestMeta> {
  const meta = metaFrom(await headers());
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(chosen) ? { ...meta, locale: chosen } : meta;
}

/** The language of a JSON API answer: English unless Accept-Language asks for another we have. */
export function apiLocale(request: Request): Locale {
  return apiLocaleFor(request.headers.get("accept-language"));
}

/** The same, from the header's value. */
export function apiLocaleFor(acceptLanguage: string | null | undefined): Locale {
  return negotiateLocale(acceptLanguage) ?? "en";
}

/**
 * Where to send the browser after sign-in: `value` resolved against the site's own URL, kept only when the
 * result is on the same origin, else `fallback`. Resolving first, the way a browser will, is what catches
 * "/.//evil.example", "/%2e//evil.example", "/\\evil" and the like: as typed they look like paths, but
 * once normalised they point at another host. Control characters and whitespace are refused outright
 * (browsers strip some of them before resolving).
 */
export function safeRedirectPath(value: unknown, fallback = "/account"): string {
  if (typeof value !== "string" || !value.startsWith("/") || /[\u0000-\u0020\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, env.APP_URL);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(env.APP_URL).origin) return fallback;
  const path = url.pathname + url.search;
  // The path we answer with is resolved again by the browser, relative to this site: it must still be a
  // single-slash path once it is (a pathname such as "//evil.example/phish" would not be).
  return path.startsWith("/") && !path.startsWith("//") && safeToResolveAgain(path) ? path : fallback;
}

function safeToResolveAgain(path: string): boolean {
  try {
    return new URL(path, env.APP_URL).origin === new URL(env.APP_URL).origin;
  } catch {
    return false;
  }
}
