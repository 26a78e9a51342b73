import { apiRoute, json, readJsonBody, tooManyRequests } from "@/lib/http/api-route";
import { requestPasswordReset } from "@/lib/accounts/passwords";
import { apiLocale, metaFrom } from "@/lib/http/request";
import { throttledIn, translatorFor } from "@/lib/platform/i18n";
import { forgotPasswordSchema } from "@/lib/shared/validation";

// The original app answered 403/404 here, telling who has an account; this answers the same for everyone.
export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const input = await readJsonBody(request, forgotPasswordSchema);
    if (!input.ok) return input.response;
    const locale = apiLocale(request);
    const t = translatorFor(locale, "Api");
    // The reset email goes out in the language Accept-Language asks for.
    const meta = metaFrom(request.headers);
    const throttled = await requestPasswordReset(input.data.email, meta);
    if (throttled) {
      const { retryAfterSeconds } = throttled;
      return tooManyRequests(retryAfterSeconds, throttledIn(locale, retryAfterSeconds, "email-requests"));
    }
    return json({ message: t("resetSent") });
  },
});
