import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { ORIGIN, signInWithPasskey } from "@/lib/accounts/passkeys";
import { metaFrom, safeRedirectPath } from "@/lib/http/request";
import { readBodyText } from "@/lib/http/api-route";
import { enterSession } from "../sign-in-session";

// The browser posts the passkey's signed answer here; a valid one signs in (no second step: a passkey with
// user verification is two factors already). Only this site's own pages may post it: a sign-in planted from
// another site (login CSRF) is refused on its Origin before anything else.
export async function POST(request: Request) {
  const headers = { "Cache-Control": "no-store" };
  if (request.headers.get("origin") !== ORIGIN) {
    return Response.json({ message: "Sign in from this site's own page." }, { status: 403, headers });
  }
  const text = await readBodyText(request);
  if (!text.ok) return text.response;
  let body: { response?: AuthenticationResponseJSON; callbackUrl?: unknown };
  try {
    body = JSON.parse(text.data);
  } catch {
    return Response.json({ message: "Send the passkey's answer as JSON." }, { status: 400, headers });
  }
  if (!body || typeof body.response !== "object" || body.response === null) {
    return Response.json({ message: "Send the passkey's answer as JSON." }, { status: 400, headers });
  }
  const result = await signInWithPasskey(body.response, "web", metaFrom(request.headers));
  if (!result.ok) {
    const status = result.error === "throttled" ? 429 : 401;
    const message =
      result.error === "throttled"
        ? "Too many sign-in attempts. Try again later."
        : "That passkey is not registered here, or the sign-in took too long. Try again.";
    return Response.json({ message }, { status, headers });
  }
  await enterSession(result.sessionId);
  return Response.json({ redirect: safeRedirectPath(body.callbackUrl) }, { headers });
}
