import { authenticateAccessToken } from "@/lib/accounts/api-sessions";
import { confirmTotpEnrolment } from "@/lib/accounts/two-factor";
import {
  apiRoute,
  bearerToken,
  errorResponse,
  json,
  readJsonBody,
  tooManyRequests,
  unauthorized,
} from "@/lib/http/api-route";
import { apiLocale, metaFrom } from "@/lib/http/request";
import { throttledIn, translatorFor } from "@/lib/platform/i18n";
import * as z from "zod/mini";
import { mfaCodeSchema } from "@/lib/shared/validation";

const bodySchema = z.object({ code: mfaCodeSchema });

// The first right code turns two-factor on; the answer carries the recovery codes, this once.
export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const locale = apiLocale(request);
    const t = translatorFor(locale, "Api");
    const token = bearerToken(request);
    const session = await authenticateAccessToken(token);
    if (!session) return unauthorized(t("signInFirst"), { tokenPresented: Boolean(token) });
    const input = await readJsonBody(request, bodySchema);
    if (!input.ok) return input.response;
    const result = await confirmTotpEnrolment(session.user.id, input.data.code, metaFrom(request.headers));
    if (result.ok) return json({ recovery_codes: result.recoveryCodes });
    if (result.error === "throttled")
      return tooManyRequests(result.retryAfterSeconds, throttledIn(locale, result.retryAfterSeconds, "codes"));
    if (result.error === "no_enrolment") return errorResponse(400, t("totpNoEnrolment"));
    return errorResponse(400, t("totpWrongEnrolmentCode"));
  },
});
