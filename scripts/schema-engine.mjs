#!/usr/bin/env node
// Why this exists: every Prisma 7 CLI command first downloads a native schema engine, which is impossible
// where only the npm registry is reachable. This script stands in for that binary: it speaks the engine's
// JSON-RPC over stdin/stdout and runs Prisma's published WASM schema engine through a driver adapter
// (node-postgres, or PGlite when PGLITE_DATA_DIR is set). scripts/prisma.mjs points the CLI at it.
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createRequire } from "node:module";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
const wasmFile = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
  "schema_engine_bg.wasm",
);
const inst = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmFile)), {
  "./schema_engine_bg.js": bg,
});
bg.__wbg_set_wasm(inst.exports);
inst.exports.__wbindgen_start?.(); // Node 20 cannot `import` .wasm
const argv = process.argv.slice(2),
  datamodels = [],
  rest = [];
let ds = {};
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--datamodels") datamodels.push(argv[++i]);
  else if (argv[i] === "--datasource") ds = JSON.parse(argv[++i]);
  else if (argv[i] === "--enabled-preview-features" || argv[i] === "--extension-types") i++;
  else rest.push(argv[i]);
}
const pgliteDir = process.env.PGLITE_DATA_DIR;
const u = new URL(ds.url ?? process.env.DATABASE_URL ?? "postgresql://localhost/postgres");
const cfg = {
  host: u.hostname,
  port: Number(u.port || 5432),
  user: decodeURIComponent(u.username) || undefined,
  password: u.password ? decodeURIComponent(u.password) : undefined,
  database: u.pathname.slice(1),
  allowExitOnIdle: true,
};
const admin = async (sql) => {
  const c = new pg.Client({ ...cfg, database: "postgres" });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};
if (rest[0] === "cli") {
  // can-connect-to-database | create-database | drop-database
  try {
    if (pgliteDir) fs.mkdirSync(pgliteDir, { recursive: true });
    else if (rest[1] === "can-connect-to-database") {
      const c = new pg.Client(cfg);
      await c.connect();
      await c.end();
    } else if (rest[1] === "create-database") await admin(`CREATE DATABASE "${cfg.database}"`);
    else if (rest[1] === "drop-database") await admin(`DROP DATABASE IF EXISTS "${cfg.database}" WITH (FORCE)`);
    process.stdout.write("{}\n");
    process.exit(0);
  } catch (e) {
    process.stderr.write(
      "shim\n" +
        JSON.stringify({
          level: "ERROR",
          target: "schema_engine::logger",
          fields: { message: String(e.message), error_code: e.code === "3D000" ? "P1003" : "P1001" },
        }) +
        "\n",
    );
    process.exit(1);
  }
}
const fix = (r) => {
  for (const f of r?.fields ?? []) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25;
  return r;
};
const q = pg.Client.prototype.query; // "char"/name catalog columns -> text (prisma/orm#27403)
pg.Client.prototype.query = function (...a) {
  const l = a[a.length - 1];
  if (typeof l === "function") a[a.length - 1] = (e, r) => l(e, e ? r : fix(r));
  else if (a[0] && typeof a[0].callback === "function") {
    const cb = a[0].callback;
    a[0].callback = (e, r) => cb(e, e ? r : fix(r));
  }
  const r = q.apply(this, a);
  return r && typeof r.then === "function" ? r.then(fix) : r;
};
let factory;
if (pgliteDir) {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  fs.mkdirSync(pgliteDir, { recursive: true });
  factory = new PrismaPGlite(new PGlite(pgliteDir));
} else {
  const base = new PrismaPg(cfg);
  factory = Object.assign(Object.create(Object.getPrototypeOf(base)), base, {
    connect: () => base.connect(),
    connectToShadowDb: async () => {
      const name = `prisma_shadow_${process.pid}_${Date.now()}`;
      await admin(`CREATE DATABASE "${name}"`);
      const a = await new PrismaPg({ ...cfg, database: name }).connect();
      const d = a.dispose.bind(a);
      a.dispose = async () => {
        await d();
        await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return a;
    },
  });
}
const engine = await bg.SchemaEngine.new(
  { datamodels: datamodels.length ? datamodels.map((p) => [p, fs.readFileSync(p, "utf8")]) : undefined },
  (m) => process.stderr.write(String(m) + "\n"),
  bindMigrationAwareSqlAdapterFactory(factory),
);
const send = (o) => process.stdout.write(JSON.stringify(o) + "\n");
let queue = Promise.resolve();
readline
  .createInterface({ input: process.stdin, crlfDelay: Infinity })
  .on("line", (line) => {
    if (!line.trim()) return;
    const req = JSON.parse(line);
    if (req.method === undefined) return;
    queue = queue.then(async () => {
      try {
        let r = await engine[req.method === "getDatabaseVersion" ? "version" : req.method](req.params ?? {});
        if (req.method === "diff" && r) {
          if (r.stdout)
            send({
              id: `p${req.id}`,
              jsonrpc: "2.0",
              method: "print",
              params: { content: r.stdout.replace(/\n$/, "") },
            });
          // The engine prints the diff itself (above); the result must not carry it twice.
          delete r.stdout;
        }
        send({ id: req.id, jsonrpc: "2.0", result: r ?? {} });
      } catch (e) {
        send({
          id: req.id,
          jsonrpc: "2.0",
          error: {
            code: 4466,
            message: "error",
            data: { is_panic: false, message: e?.message ?? String(e), error_code: e?.code, meta: e?.meta },
          },
        });
      }
    });
  })
  .on("close", async () => {
    await queue;
    try {
      engine.free();
    } catch {}
    process.exit(0);
  });
