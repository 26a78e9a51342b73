import { apiRoute, json } from "@/lib/http/api-route";
import { publishedJwks } from "@/lib/sessions/signing-keys";

export const dynamic = "force-dynamic";

// Public keys only. Verifiers refetch on an unknown kid, so a short cache is enough across a rotation.
export const { GET, OPTIONS } = apiRoute({
  async GET() {
    return json(await publishedJwks(), 200, { "Cache-Control": "public, max-age=60" });
  },
});
