import { signOutAccessToken } from "@/lib/accounts/api-sessions";
import { apiRoute, bearerToken, unauthorized } from "@/lib/http/api-route";
import { apiLocale, metaFrom } from "@/lib/http/request";
import { translatorFor } from "@/lib/platform/i18n";

export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const token = bearerToken(request);
    const ended = await signOutAccessToken(token, metaFrom(request.headers));
    if (!ended) {
      const t = translatorFor(apiLocale(request), "Api");
      return unauthorized(t("accessTokenBearer"), { tokenPresented: Boolean(token) });
    }
    return new Response(null, { status: 204 });
  },
});
