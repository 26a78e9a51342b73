// Next.js calls register() once per server process before serving. NEXT_RUNTIME is read here (not in
// lib/platform/env.ts) because Next.js needs this exact check to leave Node-only code out of the edge bundle.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startApp } = await import("@/lib/lifecycle");
    await startApp();
  }
}

// Called by Next.js for every error in a page, server action or route. A page that failed because the
// database is down cannot turn itself into a 503; this marks the outage so proxy.ts answers 503 next.
export async function onRequestError(error: unknown) {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { isDatabaseUnavailable, markDatabaseUnavailable } = await import("@/lib/platform/db-errors");
  if (isDatabaseUnavailable(error)) markDatabaseUnavailable();
}
