import "server-only";
import http from "node:http";

// What we need from Node's HTTP server that Next.js does not expose, hooked in once per process (from
// lib/startup.ts) before any request is served:
// - the client's socket address: Next.js gives route handlers none, and fills X-Forwarded-For from the socket
//   only when the client sent none, so with no trusted proxy that header is whatever the client wrote. Each
//   request is stamped with the socket's address in a header of our own (replacing any copy a client sent);
//   lib/http/request.ts reads it.
// - the servers themselves, so a graceful shutdown can stop accepting requests and let in-flight ones finish.

export const SOCKET_ADDRESS_HEADER = "x-accounts-socket-address";

const servers = new Set<http.Server>();
let installed = false;

export function hookHttpServers() {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      servers.add(this);
      const request = args[0] as http.IncomingMessage;
      request.headers[SOCKET_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}

/** Stops accepting connections and resolves when the requests in flight have finished. */
export async function closeHttpServers() {
  await Promise.all(
    [...servers].map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
    ),
  );
}
