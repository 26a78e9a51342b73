// Next.js calls register() once per server process before serving. NEXT_RUNTIME is read here (not in
// lib/env.ts) because Next.js needs this exact check to leave Node-only code out of the edge bundle.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("@/lib/startup");
    await startServer();
  }
}
