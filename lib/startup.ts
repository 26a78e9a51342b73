import "server-only";
import { disconnectDb, embeddedDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { errorMessage, log } from "@/lib/log";
import { applyMigrations } from "@/lib/migrations";
import { startOutboxWorker, stopOutboxWorker } from "@/lib/mail";
import { recordSocketAddresses } from "@/lib/socket-address";

// Runs once per server process, before it serves (called from instrumentation.ts).
export async function startServer() {
  recordSocketAddresses();
  if (!env.DATABASE_URL) {
    const applied = await applyMigrations(embeddedDatabase()!);
    log.info("embedded database ready", { dir: env.PGLITE_DIR, applied });
  }
  startOutboxWorker();
  if (env.devMailbox) log.info(`no SMTP_URL: emails go to the dev mailbox at ${env.APP_URL}/dev/mailbox`);

  // Graceful shutdown: stop claiming emails, finish the sends in flight, close the database.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    try {
      await stopOutboxWorker();
      await disconnectDb();
    } catch (error) {
      log.error("shutdown error", { error: errorMessage(error) });
    }
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}
