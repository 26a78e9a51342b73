#!/usr/bin/env node
// Turns `next build`'s .next/standalone into a runnable app folder: what the container image ships, and
// what tests/e2e/standalone.spec.ts starts. Run after `npm run build`:
//   node scripts/assemble-standalone.mjs [OUT_DIR]      (default: .next/standalone, in place)
// Next.js copies neither .next/static nor public/ into the standalone folder, and the migration step
// (`node scripts/prisma.mjs migrate deploy`) needs Prisma's CLI, which the server never imports and so is
// never traced. Those packages are copied at the versions package-lock.json pins, with their dependencies.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const standalone = path.join(root, ".next", "standalone");
const out = path.resolve(process.argv[2] ?? standalone);

if (!fs.existsSync(path.join(standalone, "server.js"))) {
  console.error("No .next/standalone/server.js: run `npm run build` first (next.config.mjs sets output: standalone).");
  process.exit(1);
}

const copy = (from, to = from) => {
  const source = path.join(root, from);
  if (fs.existsSync(source)) fs.cpSync(source, path.join(out, to), { recursive: true });
};

if (out !== standalone) fs.cpSync(standalone, out, { recursive: true });
copy(".next/static");
copy("public");
copy("prisma"); // schema and migrations: `migrate deploy` and the embedded mode read them
copy("prisma.config.ts");
for (const script of ["prisma.mjs", "schema-engine.mjs", "docker-entrypoint.sh"]) copy(`scripts/${script}`);
// Never ship a developer's local data (embedded database, generated secret, dev mailbox).
fs.rmSync(path.join(out, "data"), { recursive: true, force: true });

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
