import { refreshAccessToken } from "@/lib/accounts/api-sessions";
import { apiRoute, json, readAccessToken, unauthorized } from "@/lib/http/api-route";
import { apiLocale, metaFrom } from "@/lib/http/request";
import { translatorFor } from "@/lib/platform/i18n";

export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const token = await readAccessToken(request);
    if (!token.ok) return token.response;
    const result = await refreshAccessToken(token.data, metaFrom(request.headers));
    if (result.ok) return json({ access_token: result.accessToken });
    return unauthorized(translatorFor(apiLocale(request), "Api")("sessionEnded"), {
      tokenPresented: Boolean(token.data),
    });
  },
});
