// The benchmark's peer: the smallest Node HTTP server that a team would write with Better Auth's
// email-and-password sign-up and sign-in, on PostgreSQL, with the product's argon2id parameters. It is
// measured by the same harness as the product (bench/run.ts), so it is configured the way its docs say and
// no further: no concurrency cap on hashing, Better Auth's own in-memory rate limiter on.
//
//   DATABASE_URL=postgresql://... PORT=6120 BETTER_AUTH_SECRET=... node server.mjs
//
//   POST /api/auth/sign-up/email {name,email,password}   Better Auth
//   POST /api/auth/sign-in/email {email,password}        Better Auth
//   GET  /health                                          SELECT 1, like the product's /api/health
//   GET  /account                                         the signed-in page: session lookup + a little HTML
import http from "node:http";
import { hash, verify } from "@node-rs/argon2";
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { fromNodeHeaders, toNodeHandler } from "better-auth/node";
import pg from "pg";

const { DATABASE_URL, PORT = "6120", BETTER_AUTH_SECRET } = process.env;
if (!DATABASE_URL || !BETTER_AUTH_SECRET) {
  console.error("DATABASE_URL and BETTER_AUTH_SECRET are required");
  process.exit(2);
}
const baseURL = `http://127.0.0.1:${PORT}`;

// The product's parameters (lib/security/password-hash.ts): argon2id, m=19456 KiB, t=2, p=1. `algorithm: 2` is Argon2id.
const ARGON2_PARAMS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

// The same pool size as the product's lib/platform/db.ts.
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });

const auth = betterAuth({
  database: pool,
  baseURL,
  secret: BETTER_AUTH_SECRET,
  trustedOrigins: [baseURL],
  telemetry: { enabled: false },
  rateLimit: { enabled: true, storage: "memory" },
  emailAndPassword: {
    enabled: true,
    minPasswordLength: 15,
    maxPasswordLength: 256,
    password: {
      hash: (password) => hash(password, ARGON2_PARAMS),
      verify: ({ hash: passwordHash, password }) => verify(passwordHash, password).catch(() => false),
    },
  },
});

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

const authHandler = toNodeHandler(auth);
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const server = http.createServer(async (request, response) => {
  try {
    const path = (request.url ?? "/").split("?")[0];
    if (path.startsWith("/api/auth/")) return await authHandler(request, response);
    if (request.method === "GET" && path === "/health") {
      await pool.query("SELECT 1");
      response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      return response.end(JSON.stringify({ status: "ok", db: "ok" }));
    }
    if (request.method === "GET" && path === "/account") {
      const session = await auth.api.getSession({ headers: fromNodeHeaders(request.headers) });
      if (!session) {
        response.writeHead(303, { location: "/login" });
        return response.end();
      }
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return response.end(
        `<!doctype html><title>Your account</title><h1>Your account</h1>` +
          `<dl><dt>Name</dt><dd>${escape(session.user.name)}</dd><dt>Email</dt><dd>${escape(session.user.email)}</dd></dl>`,
      );
    }
    response.writeHead(404, { "content-type": "application/json" });
    response.end(JSON.stringify({ message: "not found" }));
  } catch (error) {
    console.error(error);
    if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
    response.end(JSON.stringify({ message: "internal error" }));
  }
});

server.listen(Number(PORT), "127.0.0.1", () => console.log(`better-auth peer ready on ${baseURL}`));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.close();
    void pool.end().finally(() => process.exit(0));
  });
}
