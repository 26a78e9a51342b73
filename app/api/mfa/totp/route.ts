import { authenticateAccessToken } from "@/lib/accounts/api-sessions";
import { disableTwoFactor, startTotpEnrolment } from "@/lib/accounts/two-factor";
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
import { disableTwoFactorSchema } from "@/lib/shared/validation";

// Two-factor for API clients: POST starts setting up an authenticator app (not in force until confirmed
// through /api/mfa/totp/confirm); DELETE turns it off with the password and a code.
export const { POST, DELETE, OPTIONS } = apiRoute({
  async POST(request) {
    const t = translatorFor(apiLocale(request), "Api");
    const token = bearerToken(request);
    const session = await authenticateAccessToken(token);
    if (!session) return unauthorized(t("signInFirst"), { tokenPresented: Boolean(token) });
    const result = await startTotpEnrolment(session.user.id);
    if (!result.ok) return errorResponse(409, t("totpAlreadyOn"));
    return json({ secret: result.secret, otpauth_url: result.otpauthUrl });
  },

  async DELETE(request) {
    const locale = apiLocale(request);
    const t = translatorFor(locale, "Api");
    const token = bearerToken(request);
    const session = await authenticateAccessToken(token);
    if (!session) return unauthorized(t("signInFirst"), { tokenPresented: Boolean(token) });
    const input = await readJsonBody(request, disableTwoFactorSchema);
    if (!input.ok) return input.response;
    const { password, code } = input.data;
    const result = await disableTwoFactor(session.user.id, password, code, metaFrom(request.headers));
    if (result.ok) return new Response(null, { status: 204 });
    if (result.error === "throttled")
      return tooManyRequests(result.retryAfterSeconds, throttledIn(locale, result.retryAfterSeconds, "sign-in"));
    if (result.error === "not_on") return errorResponse(400, t("totpNotOn"));
    if (result.error === "wrong_password") return errorResponse(400, t("wrongPassword"));
    return errorResponse(400, t("mfaWrongCode"));
  },
});
