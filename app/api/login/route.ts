import { signInForApi } from "@/lib/accounts/api-sessions";
import {
  apiRoute,
  errorResponse,
  json,
  mfaRequired,
  readJsonBody,
  tooManyRequests,
  unauthorized,
} from "@/lib/http/api-route";
import { metaFrom } from "@/lib/http/request";
import { apiLoginSchema } from "@/lib/shared/validation";

export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const input = await readJsonBody(request, apiLoginSchema);
    if (!input.ok) return input.response;
    const result = await signInForApi(input.data.username, input.data.password, metaFrom(request.headers));
    if (result.ok) return json({ access_token: result.accessToken });
    if (result.error === "mfa_required") return mfaRequired(result.mfaToken);
    if (result.error === "throttled")
      return tooManyRequests(result.retryAfterSeconds, "Too many sign-in attempts. Try again later.");
    if (result.error === "unconfirmed")
      return errorResponse(403, "Confirm your email first: open the link we sent you.");
    // One answer for an unknown user and a wrong password; the SPA reads access_token either way.
    return unauthorized("That username or email and password do not match.", { body: { access_token: "" } });
  },
});
