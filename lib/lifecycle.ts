import "server-only";
import { disconnectDb, embeddedDatabase } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { log } from "@/lib/platform/log";
import { applyMigrations } from "@/lib/platform/migrations";
import { startOutboxWorker, stopOutboxWorker } from "@/lib/email/outbox";
import { backgroundIdle, inBackground } from "@/lib/platform/background";
import { purgeDueAccounts } from "@/lib/accounts/account-deletion";
import { publishEntryAdmission } from "@/lib/http/entry-admission";

// The app's part of the process's life. The server entry (server.mjs) owns the HTTP server and the
// signals: on SIGTERM it stops accepting requests, lets those in flight finish, then calls the stop
// function left here under a registered symbol (the entry runs outside the bundles, so the global symbol
// registry is what both sides can name), then exits.

const APP_STOP = Symbol.for("accounts.stop");

// Deleted accounts whose grace period is over are removed by the hour (serverless hosts: /api/cron/outbox).
// Several instances may run it at once: each account is removed by exactly one of them.
const PURGE_INTERVAL_MS = 60 * 60 * 1000;
let purgeTimer: NodeJS.Timeout | undefined;

function startAccountPurge() {
  const purge = () => inBackground("deleted-account purge", () => purgeDueAccounts());
  purge();
  purgeTimer = setInterval(purge, PURGE_INTERVAL_MS);
  purgeTimer.unref();
}

/** Runs once per server process, before it serves (called from instrumentation.ts). */
export async function startApp() {
  if (!env.DATABASE_URL) {
    const applied = await applyMigrations(embeddedDatabase()!);
    log.info("embedded database ready", { dir: env.PGLITE_DIR, applied });
  }
  startOutboxWorker();
  startAccountPurge();
  if (env.devMailbox) log.info(`no SMTP_URL: emails go to the dev mailbox at ${env.APP_URL}/dev/mailbox`);
  (globalThis as Record<symbol, unknown>)[APP_STOP] = stopApp;
  publishEntryAdmission();
}

/** Stops claiming emails and finishes the sends in flight, waits for background work, closes the database
 *  (the embedded one flushes to disk). Called once the HTTP server has no requests left. */
export async function stopApp() {
  clearInterval(purgeTimer);
  await stopOutboxWorker();
  await backgroundIdle();
  await disconnectDb();
}
