// The production server: what `npm start`, the container and the tests run (`node server.mjs` in the
// assembled standalone folder, see scripts/assemble-standalone.mjs). It is Next.js's documented custom
// server (`next()` + getRequestHandler on our own node:http server) instead of the generated server.js, so
// that this process, not a patch on Node's classes, owns two things Next.js does not give the app:
//
// - the client's socket address. Route handlers get no socket, and Next.js fills X-Forwarded-For from the
//   socket only when the client sent none, so with no trusted proxy that header is whatever the client
//   wrote. Every request gets the socket's address in a header of our own, replacing any copy the client
//   sent; lib/http/request.ts reads it and applies TRUSTED_PROXY_HOPS.
// - the graceful shutdown. On SIGTERM or SIGINT: stop accepting connections, let the requests in flight
//   finish (and Next.js's after() work), then the app's own stop (lib/lifecycle.ts: the outbox
//   worker finishes its sends, background work ends, the database closes), then exit 0.
// - refusing a flood at the door. Sign-in and sign-up API requests beyond the hash threads' admission limit
//   are answered 503 here, before Next.js spends anything on them (lib/http/entry-admission.ts decides).
//
// Environment, as for Next.js's server.js: PORT (3000), HOSTNAME (the address to listen on; the container
// sets 0.0.0.0), KEEP_ALIVE_TIMEOUT (ms).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Must match lib/http/request.ts. */
const SOCKET_ADDRESS_HEADER = "x-accounts-socket-address";
/** Where lib/lifecycle.ts leaves the app's stop function. */
const APP_STOP = Symbol.for("accounts.stop");
/** Where lib/http/entry-admission.ts leaves its check. */
const ENTRY_ADMISSION = Symbol.for("accounts.entryAdmission");
const SHUTDOWN_DEADLINE_MS = 25_000;

const dir = path.dirname(fileURLToPath(import.meta.url));
process.env.NODE_ENV = "production";
process.chdir(dir);

// The configuration `next build` resolved from next.config.ts, as the generated server.js embeds it: the
// server never loads next.config.ts (nor the compiler a .ts config needs) at run time.
const requiredFiles = path.join(dir, ".next", "required-server-files.json");
if (!fs.existsSync(requiredFiles)) {
  console.error(`No ${requiredFiles}: run \`npm run build\` (and scripts/assemble-standalone.mjs) first.`);
  process.exit(1);
}
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(JSON.parse(fs.readFileSync(requiredFiles, "utf8")).config);

const port = Number.parseInt(process.env.PORT ?? "", 10) || 3000;
// Without HOSTNAME, Node's default: every address, IPv6 and IPv4.
const hostname = process.env.HOSTNAME || undefined;
const keepAliveTimeout = Number.parseInt(process.env.KEEP_ALIVE_TIMEOUT ?? "", 10);

const { default: next } = await import("next");
const app = next({ dir, dev: false, hostname: hostname ?? "localhost", port });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((request, response) => {
  request.headers[SOCKET_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
  const verdict = globalThis[ENTRY_ADMISSION]?.(request.method, request.url, request.headers) ?? null;
  if (verdict?.refusal) return void verdict.refusal.then((refusal) => refuse(refusal, response));
  if (verdict) response.once("close", verdict.release);
  void handle(request, response);
});

/** Writes a refusal without reading the request; Node discards the unread body. */
function refuse({ status, headers, body }, response) {
  response.writeHead(status, headers);
  response.end(body);
}
if (Number.isFinite(keepAliveTimeout)) server.keepAliveTimeout = keepAliveTimeout;
await new Promise((resolve, reject) => {
  server.once("error", reject);
  server.listen(port, hostname, () => resolve(undefined));
});
console.log(JSON.stringify({ level: "info", message: "listening", address: server.address(), pid: process.pid }));

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(JSON.stringify({ level: "info", message: "shutting down", signal }));
  setTimeout(() => {
    console.error(JSON.stringify({ level: "error", message: "shutdown took too long; exiting" }));
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  try {
    await new Promise((resolve) => {
      server.close(() => resolve(undefined));
      server.closeIdleConnections();
    });
    await app.close();
    await globalThis[APP_STOP]?.();
  } catch (error) {
    console.error(JSON.stringify({ level: "error", message: "shutdown error", error: String(error?.message ?? error) }));
  }
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
