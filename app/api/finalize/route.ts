import { confirmEmailForApi, signedInBody } from "@/lib/accounts/api-sessions";
import { apiRoute, bearerToken, json, tooManyRequests, unauthorized } from "@/lib/http/api-route";
import { apiLocale, metaFrom } from "@/lib/http/request";
import { translatorFor } from "@/lib/platform/i18n";

export const dynamic = "force-dynamic";

// The original SPA's confirmation page sends the emailed token as a Bearer header.
export const { GET, OPTIONS } = apiRoute({
  async GET(request) {
    const t = translatorFor(apiLocale(request), "Api");
    const token = bearerToken(request);
    if (!token) return unauthorized(t("confirmationBearer"));
    const result = await confirmEmailForApi(token, metaFrom(request.headers));
    if (result.ok) return json(signedInBody(result));
    if (result.error === "throttled") return tooManyRequests(result.retryAfterSeconds, t("tooManyRequests"));
    return unauthorized(t("confirmationInvalid"), { tokenPresented: true });
  },
});
