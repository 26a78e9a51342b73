import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { RESET_TOKEN_COOKIE } from "@/lib/reset-link";

// An emailed reset link carries its token in the URL. Before the page renders, the token moves into a
// short-lived HttpOnly cookie scoped to /reset-password and the browser is sent to the bare URL, so the
// token never stays in the address bar, the history, or a Referer. (Protection is not done here: every
// page and action checks the session or token where it reads data.)
export function proxy(request: NextRequest) {
  const token = request.nextUrl.searchParams.get("token");
  if (!token) return NextResponse.next();
  const response = NextResponse.redirect(new URL("/reset-password", env.APP_URL), 303);
  response.cookies.set(RESET_TOKEN_COOKIE, token.slice(0, 128), {
    httpOnly: true,
    sameSite: "lax",
    secure: env.APP_URL.startsWith("https://"),
    path: "/reset-password",
    maxAge: env.RESET_TOKEN_TTL,
  });
  response.headers.set("Referrer-Policy", "same-origin");
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export const config = { matcher: ["/reset-password"] };
