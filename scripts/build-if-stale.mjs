#!/usr/bin/env node
// Runs `npm run build` when the production build in .next is missing or older than the sources, so that the
// tests that start `next start` (e2e, faults) work on a fresh clone and after `npm run dev`, and cost
// nothing when the build is current. "Older" is judged by content: a hash of every file the build reads,
// stored next to Next.js's BUILD_ID after a successful build.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const INPUTS = [
  "app",
  "lib",
  "emails",
  "public",
  "prisma",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "server.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
  "scripts/assemble-standalone.mjs",
];
const SKIP = new Set(["generated", "node_modules", ".next"]);
const STAMP = path.join(root, ".next", "sources.sha256");

function files(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [entry];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .filter((child) => !SKIP.has(child.name))
    .flatMap((child) => files(path.join(entry, child.name)));
}

function sourcesHash() {
  const hash = crypto.createHash("sha256");
  for (const file of INPUTS.flatMap(files).sort()) {
    hash.update(file).update("\0").update(fs.readFileSync(path.join(root, file))).update("\0");
  }
  return hash.digest("hex");
}

// `npm run build` ends with `--record`: whoever built, the stamp says from which sources.
if (process.argv.includes("--record")) {
  fs.writeFileSync(STAMP, sourcesHash() + "\n");
  process.exit(0);
}
const built = fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(STAMP);
if (built && fs.readFileSync(STAMP, "utf8").trim() === sourcesHash()) {
  console.log("build-if-stale: the production build is current");
  process.exit(0);
}
console.log(`build-if-stale: ${built ? "the sources changed since the last build" : "no production build yet"}; building`);
const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);
