import { confirmEmailForApi, signedInBody } from "@/lib/accounts/api-sessions";
import { apiRoute, bearerToken, json, tooManyRequests, unauthorized } from "@/lib/http/api-route";
import { metaFrom } from "@/lib/http/request";

export const dynamic = "force-dynamic";

// The original SPA's confirmation page sends the emailed token as a Bearer header.
export const { GET, OPTIONS } = apiRoute({
  async GET(request) {
    const token = bearerToken(request);
    if (!token) return unauthorized("Send the confirmation token as a Bearer token.");
    const result = await confirmEmailForApi(token, metaFrom(request.headers));
    if (result.ok) return json(signedInBody(result));
    if (result.error === "throttled") return tooManyRequests(result.retryAfterSeconds);
    return unauthorized("This confirmation link is invalid, expired or already used.", { tokenPresented: true });
  },
});
