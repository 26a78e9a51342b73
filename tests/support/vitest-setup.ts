import { afterEach, vi } from "vitest";
import { embeddedDatabase } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { applyMigrations } from "@/lib/platform/migrations";

// Each worker's in-memory PGlite starts empty; PostgreSQL was migrated by the global setup.
if (!env.DATABASE_URL) await applyMigrations(embeddedDatabase()!);

// A process warning (a timer set past its limit, a listener leak, a deprecated call) is a defect that a
// passing run would otherwise hide in its log: it fails the test that was running when it was emitted.
const state = globalThis as { __warnings?: Error[] };
if (!state.__warnings) {
  const warnings: Error[] = (state.__warnings = []);
  process.on("warning", (warning) => warnings.push(warning));
}
afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
  const warnings = state.__warnings!.splice(0);
  if (warnings.length > 0) {
    throw new Error(`process warning during this test: ${warnings.map((w) => `${w.name}: ${w.message}`).join("; ")}`);
  }
});

// A test that moves the clock must put it back: with isolate: false a fake Date would reach later files.
afterEach(() => {
  if (!vi.isFakeTimers()) return;
  vi.useRealTimers();
  throw new Error("this test left fake timers in place; call vi.useRealTimers() when it ends");
});
