import { refreshAccessToken } from "@/lib/accounts/api-sessions";
import { apiRoute, json, readAccessToken, unauthorized } from "@/lib/http/api-route";
import { metaFrom } from "@/lib/http/request";

export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const token = await readAccessToken(request);
    if (!token.ok) return token.response;
    const result = await refreshAccessToken(token.data, metaFrom(request.headers));
    if (result.ok) return json({ access_token: result.accessToken });
    return unauthorized("This session has ended. Sign in again.", { tokenPresented: Boolean(token.data) });
  },
});
