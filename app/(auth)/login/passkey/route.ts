import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { ORIGIN, signInWithPasskey } from "@/lib/accounts/passkeys";
import { requestMeta, safeRedirectPath } from "@/lib/http/request";
import { readBodyText } from "@/lib/http/api-route";
import { env } from "@/lib/platform/env";
import { throttledIn, translatorFor } from "@/lib/platform/i18n";
import { finishWebSignIn } from "@/lib/accounts/web-sign-in";

// The browser posts the passkey's signed answer here; a valid one signs in (no second step: a passkey with
// user verification is two factors already). Only this site's own pages may post it: a sign-in planted from
// another site (login CSRF) is refused on its Origin before anything else. Answers are in the visitor's
// language, as the sign-in page that shows them.
export async function POST(request: Request) {
  const headers = { "Cache-Control": "no-store" };
  const meta = await requestMeta();
  const locale = meta.locale ?? env.DEFAULT_LOCALE;
  const t = translatorFor(locale, "Api");
  if (request.headers.get("origin") !== ORIGIN) {
    return Response.json({ message: t("passkeyOwnPage") }, { status: 403, headers });
  }
  const text = await readBodyText(request);
  if (!text.ok) return text.response;
  let body: { response?: AuthenticationResponseJSON; callbackUrl?: unknown };
  try {
    body = JSON.parse(text.data);
  } catch {
    return Response.json({ message: t("passkeyBadBody") }, { status: 400, headers });
  }
  if (!body || typeof body.response !== "object" || body.response === null) {
    return Response.json({ message: t("passkeyBadBody") }, { status: 400, headers });
  }
  const result = await signInWithPasskey(body.response, meta);
  if (!result.ok) {
    if (result.error === "throttled") {
      const message = throttledIn(locale, result.retryAfterSeconds, "sign-in");
      return Response.json({ message }, { status: 429, headers });
    }
    return Response.json({ message: t("passkeyRefused") }, { status: 401, headers });
  }
  const landing = await finishWebSignIn(result.user, meta, { landing: safeRedirectPath(body.callbackUrl) });
  return Response.json({ redirect: landing }, { headers });
}
