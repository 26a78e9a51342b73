import { authenticateAccessToken } from "@/lib/accounts/api-sessions";
import { apiRoute, bearerToken, json, unauthorized } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

export const { GET, OPTIONS } = apiRoute({
  async GET(request) {
    const token = bearerToken(request);
    const session = await authenticateAccessToken(token);
    if (!session) return unauthorized("Sign in to see this.", { tokenPresented: Boolean(token) });
    return json({ message: `protected endpoint (allowed user ${session.user.username})` });
  },
});
