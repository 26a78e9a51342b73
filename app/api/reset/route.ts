import { apiRoute, json, readJsonBody, tooManyRequests } from "@/lib/http/api-route";
import { requestPasswordReset } from "@/lib/accounts/passwords";
import { hit, LIMITS } from "@/lib/security/rate-limit";
import { apiLocale, metaFrom } from "@/lib/http/request";
import { translatorFor } from "@/lib/platform/i18n";
import { forgotPasswordSchema } from "@/lib/shared/validation";

// The original app answered 403/404 here, telling who has an account; this answers the same for everyone.
export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const input = await readJsonBody(request, forgotPasswordSchema);
    if (!input.ok) return input.response;
    const t = translatorFor(apiLocale(request), "Api");
    // The reset email goes out in the language Accept-Language asks for.
    const meta = metaFrom(request.headers);
    if (meta.ip) {
      const limit = await hit(`email-requests:ip:${meta.ip}`, LIMITS.emailRequestsPerIp);
      if (!limit.allowed) return tooManyRequests(limit.retryAfterSeconds, t("tooManyRequests"));
    }
    requestPasswordReset(input.data.email, meta);
    return json({ message: t("resetSent") });
  },
});
