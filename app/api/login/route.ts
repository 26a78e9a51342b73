import { signInForApi } from "@/lib/accounts/api-sessions";
import {
  apiRoute,
  errorResponse,
  json,
  mfaRequired,
  overloaded,
  readJsonBody,
  tooManyRequests,
  unauthorized,
} from "@/lib/http/api-route";
import { apiLocale, metaFrom } from "@/lib/http/request";
import { throttledIn, translatorFor } from "@/lib/platform/i18n";
import { apiLoginSchema } from "@/lib/shared/validation";

export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const input = await readJsonBody(request, apiLoginSchema);
    if (!input.ok) return input.response;
    const result = await signInForApi(input.data.username, input.data.password, metaFrom(request.headers));
    if (result.ok) return json({ access_token: result.accessToken });
    const locale = apiLocale(request);
    const t = translatorFor(locale, "Api");
    if (result.error === "mfa_required") return mfaRequired(result.mfaToken, t("mfaRequired"));
    if (result.error === "overloaded") return overloaded(result.retryAfterSeconds, t("busy"));
    if (result.error === "throttled")
      return tooManyRequests(result.retryAfterSeconds, throttledIn(locale, result.retryAfterSeconds, "sign-in"));
    if (result.error === "unconfirmed") return errorResponse(403, t("unconfirmed"));
    // One answer for an unknown user and a wrong password; the SPA reads access_token either way.
    return unauthorized(t("badCredentials"), { body: { access_token: "" } });
  },
});
