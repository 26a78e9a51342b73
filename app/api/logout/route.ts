import { signOutAccessToken } from "@/lib/api-sessions";
import { apiRoute, bearerToken, unauthorized } from "@/lib/http";
import { metaFrom } from "@/lib/request";

export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const token = bearerToken(request);
    const ended = await signOutAccessToken(token, metaFrom(request.headers));
    if (!ended) return unauthorized("Send a valid access token as a Bearer token.", { tokenPresented: Boolean(token) });
    return new Response(null, { status: 204 });
  },
});
