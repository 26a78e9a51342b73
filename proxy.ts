import { NextResponse, type NextRequest } from "next/server";
import { clearDatabaseUnavailable, databaseMarkedUnavailable } from "@/lib/platform/db-errors";
import { env, MAX_BODY_BYTES } from "@/lib/platform/env";
import { checkDatabase } from "@/lib/platform/health";
import { RESET_TOKEN_COOKIE } from "@/lib/http/reset-link";
import { translatorFor } from "@/lib/platform/i18n";
import { isLocale, LOCALE_COOKIE, negotiateLocale } from "@/lib/shared/locales";

// Runs before every page (not the JSON API or static files). None of it is access control (every page,
// action and route checks the session or token where it reads data):
// -. During a database outage (see lib/platform/db-errors.ts), a friendly 503 instead of a failing page.
// 0. Bodies over 16 KB are refused with 413 before any work.
// 1. A Content-Security-Policy with a fresh nonce per response; Next.js puts the nonce on its own scripts.
// 2. An emailed reset link carries its token in the URL: the token moves into a short-lived HttpOnly cookie
//    scoped to /reset-password and the browser goes to the bare URL, so the token never stays in the address
//    bar, the history or a Referer.

const secure = env.secureCookies;

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    // 'unsafe-eval' only for the development server's React tooling, never in production.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${env.production ? "" : " 'unsafe-eval'"}`,
    // Style attributes (React's style={…}) need 'unsafe-inline'; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(secure ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

function unavailablePage(request: NextRequest): string {
  const chosen = request.cookies.get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen)
    ? chosen
    : (negotiateLocale(request.headers.get("accept-language")) ?? env.DEFAULT_LOCALE);
  const t = translatorFor(locale, "Unavailable");
  const appName = env.APP_NAME.replace(/[<>&"]/g, "");
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${t("title")} · ${appName}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#111827}</style>
</head><body><h1>${t("heading")}</h1><p>${t("text", { appName })}</p><p><a href="">${t("retry")}</a></p></body></html>`;
}

export async function proxy(request: NextRequest) {
  // After a request failed because the database is down, answer pages with a friendly 503 until it is back.
  if (databaseMarkedUnavailable()) {
    if (await checkDatabase(undefined, 1_000)) clearDatabaseUnavailable();
    else {
      return new NextResponse(unavailablePage(request), {
        status: 503,
        headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": "5", "Cache-Control": "no-store" },
      });
    }
  }
  // Auth forms are tiny (16 KB, SECURITY.md). Next.js would refuse a larger server-action body too, but as a 500.
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    return new NextResponse("That request is too large.", { status: 413, headers: { "Content-Type": "text/plain" } });
  }
  const token = request.nextUrl.pathname === "/reset-password" ? request.nextUrl.searchParams.get("token") : null;
  if (token) {
    const response = NextResponse.redirect(new URL("/reset-password", env.APP_URL), 303);
    response.cookies.set(RESET_TOKEN_COOKIE, token.slice(0, 128), {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/reset-password",
      maxAge: env.RESET_TOKEN_TTL,
    });
    response.headers.set("Referrer-Policy", "same-origin");
    response.headers.set("Cache-Control", "no-store");
    return response;
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (env.production && secure)
    response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  matcher: [
    { source: "/((?!api|_next/static|_next/image|favicon.ico|apple-touch-icon.png|robots.txt|\\.well-known).*)" },
  ],
};
