// Next.js calls register() once per server process before serving. NEXT_RUNTIME is read here (not in
// lib/platform/env.ts) because Next.js needs this exact check to leave Node-only code out of the edge bundle.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    try {
      const { startApp } = await import("@/lib/lifecycle");
      await startApp();
    } catch (error) {
      // A production server whose start failed (settings missing, the embedded database's migrations) would
      // otherwise go on listening and answer 500 to every request: Next.js logs the error and serves anyway.
      // It stops instead, so the container or service manager sees the failure and the reason is the last
      // line of its log. The development server keeps Next.js's own behaviour.
      if (process.env.NODE_ENV !== "production") throw error;
      const reason = String((error as Error)?.message ?? error);
      console.error(JSON.stringify({ level: "error", message: "the server cannot start", error: reason }));
      process.exit(1);
    }
  }
}

// Called by Next.js for every error in a page, server action or route. A page that failed because the
// database is down cannot turn itself into a 503; this marks the outage so proxy.ts answers 503 next.
export async function onRequestError(error: unknown) {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { isDatabaseUnavailable, markDatabaseUnavailable } = await import("@/lib/platform/db-errors");
  if (isDatabaseUnavailable(error)) markDatabaseUnavailable();
}
