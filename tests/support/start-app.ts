import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { spawnProductionServer } from "./production-server";
import { e2eDatabaseUrl } from "./servers";

// Starts one app server for the browser tests on a fresh database, as an operator would:
//   tsx tests/support/start-app.ts start PORT   -> the production server (server.mjs of the standalone build)
//   tsx tests/support/start-app.ts dev PORT     -> `next dev` with the embedded defaults
// With TEST_DATABASE_URL a new PostgreSQL database is created and migrated by `npm run db:deploy` (Prisma's
// CLI); without it the app opens an embedded PGlite in a temp folder and migrates it itself.
const [mode, port] = process.argv.slice(2);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `accounts-e2e-${mode}-`));
// The server chooses its own NODE_ENV (production, or next dev: development).
// eslint-disable-next-line @typescript-eslint/no-unused-vars
const { DATABASE_URL, NODE_ENV, ...inherited } = process.env;
const env: Record<string, string | undefined> = {
  ...inherited,
  NEXT_TELEMETRY_DISABLED: "1",
  DATA_DIR: dataDir,
  PGLITE_DIR: path.join(dataDir, "pglite"),
};

if (process.env.TEST_DATABASE_URL && mode === "start") {
  // Named after the port, so a test can open the server's database (e2eDatabaseUrl in servers.ts); a
  // leftover from an earlier run is dropped first.
  const url = new URL(e2eDatabaseUrl(`http://localhost:${port}`)!);
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
  env.DATABASE_URL = url.toString();
  const deploy = spawnSync("npm", ["run", "--silent", "db:deploy"], {
    env: env as NodeJS.ProcessEnv,
    stdio: "inherit",
  });
  if (deploy.status !== 0) process.exit(deploy.status ?? 1);
  console.log(`e2e app on PostgreSQL ${url.pathname.slice(1)}`);
} else {
  console.log(`e2e app on embedded PGlite in ${dataDir}`);
}

// An administrator, created as an operator would before the first start (`npm run accounts -- create-admin`).
if (process.env.E2E_ADMIN) {
  const [username, email, password] = process.env.E2E_ADMIN.split(":");
  const created = spawnSync("npm", ["run", "--silent", "accounts", "--", "create-admin", username, email], {
    env: { ...env, ACCOUNTS_PASSWORD: password } as unknown as NodeJS.ProcessEnv,
    stdio: "inherit",
  });
  if (created.status !== 0) process.exit(created.status ?? 1);
}

const child =
  mode === "dev"
    ? spawn(path.join("node_modules", ".bin", "next"), ["dev", "-p", port], {
        env: env as NodeJS.ProcessEnv,
        stdio: "inherit",
      })
    : spawnProductionServer({ port: Number(port), env: env as NodeJS.ProcessEnv, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
