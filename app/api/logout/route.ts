import { signOutAccessToken } from "@/lib/accounts/api-sessions";
import { apiRoute, bearerToken, unauthorized } from "@/lib/http/api-route";
import { metaFrom } from "@/lib/http/request";

export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const token = bearerToken(request);
    const ended = await signOutAccessToken(token, metaFrom(request.headers));
    if (!ended) return unauthorized("Send a valid access token as a Bearer token.", { tokenPresented: Boolean(token) });
    return new Response(null, { status: 204 });
  },
});
