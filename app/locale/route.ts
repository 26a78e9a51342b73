import { cookies } from "next/headers";
import { saveLocale } from "@/lib/accounts/users";
import { env } from "@/lib/platform/env";
import { getCurrentSession } from "@/lib/sessions/dal";
import { isLocale, LOCALE_COOKIE } from "@/lib/shared/locales";
import { safeRedirectPath } from "@/lib/http/request";

const ONE_YEAR = 365 * 86400;

// The language switcher's form posts here (it works without JavaScript): the choice is remembered in a
// cookie and, for a signed-in visitor, on the account (its emails follow it), then the visitor goes back
// to the page they were on.
export async function POST(request: Request) {
  // Only this site's own pages may change the language (a cross-site form could otherwise flip it).
  const origin = request.headers.get("origin");
  if (origin && origin !== new URL(env.APP_URL).origin) return new Response(null, { status: 403 });
  const form = await request.formData().catch(() => null);
  const locale = form?.get("locale");
  if (isLocale(locale)) {
    (await cookies()).set(LOCALE_COOKIE, locale, {
      sameSite: "lax",
      secure: env.APP_URL.startsWith("https://"),
      path: "/",
      maxAge: ONE_YEAR,
    });
    const current = await getCurrentSession();
    if (current) await saveLocale(current.user.id, locale);
  }
  return new Response(null, { status: 303, headers: { Location: new URL(backTo(request), env.APP_URL).toString() } });
}

/** The page the form was on, from the Referer when it is one of ours; else the home page. */
function backTo(request: Request): string {
  const referer = request.headers.get("referer");
  if (!referer) return "/";
  try {
    const url = new URL(referer);
    if (url.origin !== new URL(env.APP_URL).origin) return "/";
    return safeRedirectPath(url.pathname + url.search, "/");
  } catch {
    return "/";
  }
}
