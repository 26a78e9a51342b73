import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// How every harness (browser tests, fault tests, soak, bench) starts the production server: the assembled
// standalone build run by its entry, server.mjs, with the Node flags of package.json's config, exactly as
// `npm start` and the container do. Building is the caller's job (`npm run build`); assembling the build in
// place is done here, once per build, since `npm start` expects it done.

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export type ProductionServer = { entry: string; nodeOptions: string; glibcTunables: string };

function sleepSync(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

function isAlive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Assembles .next/standalone of the checkout at `root` unless it already holds this build and entry. */
export function ensureStandalone(root = REPO_ROOT): ProductionServer {
  const buildIdFile = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildIdFile)) throw new Error(`No ${buildIdFile}: run \`npm run build\` first.`);
  const standalone = path.join(root, ".next", "standalone");
  const entry = path.join(standalone, "server.mjs");
  const stampFile = path.join(standalone, ".assembled");
  const stamp = `${fs.readFileSync(buildIdFile, "utf8").trim()} ${crypto
    .createHash("sha256")
    .update(fs.readFileSync(path.join(root, "server.mjs")))
    .digest("hex")}`;
  const current = () => fs.existsSync(entry) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp;

  if (!current()) {
    // Several servers may start at once (Playwright's webServers): one assembles, the others wait for it.
    // The lock is a folder holding the assembler's pid; one whose process is gone is taken over.
    const lock = path.join(root, ".next", "standalone.assembling");
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        fs.mkdirSync(lock);
        fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
        break;
      } catch {
        // No pid yet: the holder has only just made the folder.
        const holder = Number(readOr(path.join(lock, "pid"), String(process.pid)));
        if (!isAlive(holder)) fs.rmSync(lock, { recursive: true, force: true });
        else if (Date.now() > deadline) throw new Error(`${lock} held for two minutes by a live process`);
        else sleepSync(200);
      }
    }
    try {
      if (!current()) {
        const result = spawnSync(process.execPath, [path.join(root, "scripts", "assemble-standalone.mjs"), "--server-only"], {
          cwd: root,
          encoding: "utf8",
        });
        if (result.status !== 0) throw new Error(`assembling the standalone build failed:\n${result.stderr}`);
        fs.writeFileSync(stampFile, stamp);
      }
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
  const { config } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    config: { serverNodeOptions: string; serverGlibcTunables: string };
  };
  return { entry, nodeOptions: config.serverNodeOptions, glibcTunables: config.serverGlibcTunables };
}

/**
 * The server's Node flags and glibc malloc settings from package.json's config, as `npm start` and the
 * container pass them: the product's first, the caller's own after them, so the caller's win.
 */
export function serverSettings(server: ProductionServer, env: Record<string, string | undefined>) {
  return {
    NODE_OPTIONS: [server.nodeOptions, env.NODE_OPTIONS].filter(Boolean).join(" "),
    GLIBC_TUNABLES: [server.glibcTunables, env.GLIBC_TUNABLES].filter(Boolean).join(":"),
  };
}

export type StartOptions = {
  port: number;
  env: Record<string, string | undefined>;
  root?: string;
  /** Node flags for the command line (those NODE_OPTIONS refuses, such as --cpu-prof). */
  nodeArgs?: string[];
} & Pick<SpawnOptions, "stdio" | "detached">;

/** Spawns the production server on `port`. The caller's NODE_ENV and HOSTNAME are not passed on. */
export function spawnProductionServer({ port, env, root, nodeArgs = [], ...spawnOptions }: StartOptions): ChildProcess {
  const server = ensureStandalone(root);
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { NODE_ENV, HOSTNAME, ...rest } = env;
  return spawn(process.execPath, [...nodeArgs, server.entry], {
    ...spawnOptions,
    env: {
      ...rest,
      PORT: String(port),
      ...serverSettings(server, env),
    } as Record<string, string | undefined> as NodeJS.ProcessEnv,
  });
}
