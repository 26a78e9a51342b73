import { authenticateAccessToken } from "@/lib/accounts/api-sessions";
import { apiRoute, bearerToken, json, unauthorized } from "@/lib/http/api-route";
import { apiLocale } from "@/lib/http/request";
import { translatorFor } from "@/lib/platform/i18n";

export const dynamic = "force-dynamic";

export const { GET, OPTIONS } = apiRoute({
  async GET(request) {
    const token = bearerToken(request);
    const session = await authenticateAccessToken(token);
    if (!session) {
      return unauthorized(translatorFor(apiLocale(request), "Api")("signInToSee"), { tokenPresented: Boolean(token) });
    }
    return json({ message: `protected endpoint (allowed user ${session.user.username})` });
  },
});
