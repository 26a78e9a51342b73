// Telling "the database is down" apart from a bug, so callers can answer 503 (try again later) instead of
// 500. Errors reach us in three shapes: Prisma's known errors with a P1xxx code, Prisma errors wrapping a
// driver-adapter error (`meta.driverAdapterError.cause.kind`), and raw node-postgres errors (a pool or
// connect timeout is a plain Error that the adapter passes through untouched).

const PRISMA_CODES = new Set(["P1001", "P1002", "P1003", "P1008", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "DatabaseDoesNotExist",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
]);
// SQLSTATE class 08 (connection exception) and 57P0x (server shutting down or starting up).
const SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "EPIPE"]);
const PG_MESSAGES =
  /^(timeout expired|Connection terminated|Connection terminated unexpectedly|Client has encountered a connection error)/;

type ErrorLike = {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
  cause?: unknown;
};

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  const e = error as ErrorLike;
  if (typeof e.code === "string" && (PRISMA_CODES.has(e.code) || SOCKET_CODES.has(e.code) || SQLSTATE.test(e.code)))
    return true;
  const cause = e.meta?.driverAdapterError?.cause;
  if (typeof cause?.kind === "string" && ADAPTER_KINDS.has(cause.kind)) return true;
  if (typeof cause?.originalCode === "string" && SQLSTATE.test(cause.originalCode)) return true;
  if (typeof e.message === "string" && PG_MESSAGES.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

// ---- Outage state for pages ----------------------------------------------------------------------------
// A page cannot choose its status code once rendering failed, so when a request fails because the database
// is down we remember it (process-wide), and proxy.ts answers the following page requests with a friendly
// 503 until a health probe sees the database again. The JSON API answers 503 on its own (lib/http/api-route.ts).

const outage = ((globalThis as { __databaseOutage?: { since: number | null } }).__databaseOutage ??= { since: null });

export function markDatabaseUnavailable() {
  outage.since ??= Date.now();
}

export function databaseMarkedUnavailable(): boolean {
  return outage.since !== null;
}

export function clearDatabaseUnavailable() {
  outage.since = null;
}
