import "server-only";
import http from "node:http";

// Next.js gives route handlers no client address, and fills X-Forwarded-For from the socket only when the
// client sent none, so with no trusted proxy that header is whatever the client wrote. We therefore stamp
// each incoming request, before Next.js sees it, with the socket's address in a header of our own, replacing
// any copy a client sent. lib/request.ts reads it. Installed once per process, from lib/startup.ts.

export const SOCKET_ADDRESS_HEADER = "x-accounts-socket-address";

let installed = false;

export function recordSocketAddresses() {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[SOCKET_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
