#!/usr/bin/env node
// Turns `next build`'s .next/standalone into a runnable app folder: what the container image ships, and
// what tests/e2e/standalone.spec.ts starts. Run after `npm run build`:
//   node scripts/assemble-standalone.mjs [--server-only] [OUT_DIR]      (default: .next/standalone, in place)
// --server-only leaves out the migration tooling (what `npm start` and the test harnesses need: they migrate
// with the checkout's own `npm run db:deploy`), which is most of the copying.
// The server is our entry, server.mjs (it owns the client address and the graceful shutdown), instead of the
// server.js Next.js generates, which is removed so there is one way to start. Next.js copies neither
// .next/static nor public/ into the standalone folder, and the migration step
// (`node scripts/prisma.mjs migrate deploy`) needs Prisma's CLI, which the server never imports and so is
// never traced. Those packages are copied at the versions package-lock.json pins, with their dependencies.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const standalone = path.join(root, ".next", "standalone");
const args = process.argv.slice(2);
const serverOnly = args.includes("--server-only");
const out = path.resolve(args.find((arg) => !arg.startsWith("--")) ?? standalone);

if (!fs.existsSync(path.join(standalone, ".next", "required-server-files.json"))) {
  console.error("No .next/standalone: run `npm run build` first (next.config.ts sets output: standalone).");
  process.exit(1);
}

// Symlinks (node_modules/.bin) are copied as they are, relative, never rewritten to point into this checkout.
// What is copied replaces what is there, so assembling a folder twice (in place, then into a copy) works.
const copy = (from, to = from) => {
  const source = path.join(root, from);
  if (!fs.existsSync(source)) return;
  const target = path.join(out, to);
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(source, target, { recursive: true, verbatimSymlinks: true });
};

if (out !== standalone) fs.cpSync(standalone, out, { recursive: true, verbatimSymlinks: true });
copy("server.mjs");
fs.rmSync(path.join(out, "server.js"), { force: true });
copy(".next/static");
copy("public");
copy("prisma"); // schema and migrations: `migrate deploy` and the embedded mode read them
copy("prisma.config.ts");
for (const script of ["prisma.mjs", "schema-engine.mjs", "docker-entrypoint.sh"]) copy(`scripts/${script}`);
// Never ship a developer's local data (embedded database, generated secret, dev mailbox).
fs.rmSync(path.join(out, "data"), { recursive: true, force: true });
if (serverOnly) {
  console.log(`standalone server assembled in ${path.relative(root, out) || "."} (without the migration tooling)`);
  process.exit(0);
}

// The migration tooling's packages: Prisma's CLI (without its Studio and `prisma dev` parts, which
// `migrate` never loads) plus what scripts/schema-engine.mjs imports.
const roots = [
  "prisma",
  "@prisma/config",
  "@prisma/engines",
  "@prisma/schema-engine-wasm",
  "@prisma/adapter-pg",
  "@prisma/driver-adapter-utils",
  "pg",
];
const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")).packages;

// Node's lookup: the nearest node_modules/<name> walking up from the package that requires it.
function resolveIn(from, name) {
  for (let base = from; ;) {
    const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
    if (lock[candidate]) return candidate;
    if (!base) return null;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent < 0 ? "" : base.slice(0, parent);
  }
}

const needed = new Set();
const visit = (location) => {
  if (needed.has(location)) return;
  needed.add(location);
  const entry = lock[location];
  for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
    const found = resolveIn(location, name);
    // Optional dependencies for other platforms are in the lock file but not on disk.
    if (found && fs.existsSync(path.join(root, found))) visit(found);
  }
};
for (const name of roots) visit(`node_modules/${name}`);
for (const location of needed) copy(location);

console.log(`standalone app assembled in ${path.relative(root, out) || "."} (${needed.size} migration packages)`);
