import { exportAccountData } from "@/lib/accounts/data-export";
import { requestMeta } from "@/lib/http/request";
import { getCurrentSession } from "@/lib/sessions/dal";

// GET /account/data: the signed-in account's data as a JSON file (a download, never cached).
export async function GET() {
  const current = await getCurrentSession();
  if (!current) return new Response(null, { status: 303, headers: { Location: "/login?callbackUrl=%2Faccount" } });
  const data = await exportAccountData(current.user.id, await requestMeta());
  const day = data.exportedAt.toISOString().slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${current.user.username}-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
