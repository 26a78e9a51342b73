import "server-only";
import { disconnectDb, embeddedDatabase } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { errorMessage, log } from "@/lib/platform/log";
import { applyMigrations } from "@/lib/platform/migrations";
import { startOutboxWorker, stopOutboxWorker } from "@/lib/email/outbox";
import { closeHttpServers, hookHttpServers } from "@/lib/platform/node-server";
import { backgroundIdle } from "@/lib/platform/background";

// Runs once per server process, before it serves (called from instrumentation.ts).
export async function startServer() {
  hookHttpServers();
  if (!env.DATABASE_URL) {
    const applied = await applyMigrations(embeddedDatabase()!);
    log.info("embedded database ready", { dir: env.PGLITE_DIR, applied });
  }
  startOutboxWorker();
  if (env.devMailbox) log.info(`no SMTP_URL: emails go to the dev mailbox at ${env.APP_URL}/dev/mailbox`);

  // Graceful shutdown, replacing Next.js's own handler (which exits as soon as requests are done, racing
  // ours): stop accepting requests and finish those in flight, stop claiming emails and finish the sends in
  // flight and the background work, then close the database (the embedded one flushes to disk).
  process.removeAllListeners("SIGTERM");
  process.removeAllListeners("SIGINT");
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    setTimeout(() => {
      log.error("shutdown took too long; exiting");
      process.exit(1);
    }, 25_000).unref();
    try {
      await closeHttpServers();
      await stopOutboxWorker();
      await backgroundIdle();
      await disconnectDb();
    } catch (error) {
      log.error("shutdown error", { error: errorMessage(error) });
    }
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}
