import { apiRoute } from "@/lib/http/api-route";

// The original app's liveness answer, kept byte for byte for its SPA, which calls it cross-origin from its
// home page: so it answers preflights and carries CORS headers like every other API route.
export const { GET, OPTIONS } = apiRoute({
  async GET() {
    return Response.json({ "JWT Server Application": "Running!" });
  },
});
