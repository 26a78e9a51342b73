import crypto from "node:crypto";
import { env } from "@/lib/platform/env";
import { drainOutbox } from "@/lib/email/outbox";
import { purgeDueAccounts } from "@/lib/accounts/account-deletion";

// Serverless hosts have no long-lived process to run the outbox worker or the hourly removal of deleted
// accounts; their cron calls this instead (the removal finds nothing due on most calls: one index lookup).
export const dynamic = "force-dynamic";

function authorized(request: Request): boolean {
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${env.CRON_SECRET}`);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

async function handle(request: Request) {
  if (!env.CRON_SECRET) return Response.json({ message: "Not found" }, { status: 404 });
  if (!authorized(request)) return Response.json({ message: "Unauthorized" }, { status: 401 });
  const result = await drainOutbox({ limit: 50 });
  const purged = await purgeDueAccounts();
  return Response.json({ ...result, purged });
}

// Vercel cron sends GET; operators may POST.
export const GET = handle;
export const POST = handle;
