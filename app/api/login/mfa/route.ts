import { signInWithSecondFactorForApi } from "@/lib/accounts/api-sessions";
import { apiRoute, json, readJsonBody, tooManyRequests, unauthorized } from "@/lib/http/api-route";
import { apiLocale, metaFrom } from "@/lib/http/request";
import { throttledIn, translatorFor } from "@/lib/platform/i18n";
import { apiSecondStepSchema } from "@/lib/shared/validation";

// The second step of an API sign-in: the mfa_token from a 401 mfa_required answer, and a code from the
// authenticator app or a recovery code.
export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const input = await readJsonBody(request, apiSecondStepSchema);
    if (!input.ok) return input.response;
    const { mfa_token, code } = input.data;
    const locale = apiLocale(request);
    const result = await signInWithSecondFactorForApi(mfa_token, code, metaFrom(request.headers));
    if (result.ok) return json({ access_token: result.accessToken });
    const t = translatorFor(locale, "Api");
    if (result.error === "throttled")
      return tooManyRequests(result.retryAfterSeconds, throttledIn(locale, result.retryAfterSeconds, "codes"));
    if (result.error === "invalid_challenge") return unauthorized(t("mfaChallengeDead"), { tokenPresented: true });
    return unauthorized(t("mfaWrongCode"));
  },
});
