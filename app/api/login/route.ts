import { signInForApi } from "@/lib/accounts/api-sessions";
import { apiRoute, errorResponse, json, readJsonBody, tooManyRequests, unauthorized } from "@/lib/http/api-route";
import { metaFrom } from "@/lib/http/request";
import { apiLoginSchema } from "@/lib/shared/validation";
import { CREDENTIALS_MISMATCH, throttledMessage, UNCONFIRMED } from "@/lib/shared/messages";

export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const input = await readJsonBody(request, apiLoginSchema);
    if (!input.ok) return input.response;
    const result = await signInForApi(input.data.username, input.data.password, metaFrom(request.headers));
    if (result.ok) return json({ access_token: result.accessToken });
    if (result.error === "throttled")
      return tooManyRequests(result.retryAfterSeconds, throttledMessage(result.retryAfterSeconds, "sign-in"));
    if (result.error === "unconfirmed")
      return errorResponse(403, UNCONFIRMED);
    // One answer for an unknown user and a wrong password; the SPA reads access_token either way.
    return unauthorized(CREDENTIALS_MISMATCH, { body: { access_token: "" } });
  },
});
