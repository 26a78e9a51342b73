import crypto from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { ensureStandalone, serverSettings } from "../tests/support/production-server";
import { figuresOf, type Results } from "./figures";
import { startCapacityProbe, type Capacity } from "./lib/capacity";
import { printTable, type Figure } from "./lib/report";
import {
  killAllStarted,
  memoryOf,
  ROOT,
  runCommand,
  startPostgres,
  startProcess,
  stopPostgres,
  stopProcess,
  waitForHttp,
  type Started,
} from "./lib/processes";
import { round } from "./lib/stats";
import { betterAuthTarget, productTarget } from "./lib/targets";
import { bearerPhase } from "./phases/bearer";
import type { Bench, Plan, Side } from "./phases/context";
import { firstLoadPhase } from "./phases/first-load";
import { overloadPhase } from "./phases/overload";
import { poolerPhase } from "./phases/pooler";
import { profilePhase, type ProfileKind } from "./phases/profile";
import { responsivenessPhase } from "./phases/responsiveness";
import { signInPhase } from "./phases/sign-in";
import { signUpPhase } from "./phases/sign-up";

// npm run bench [-- --quick] [-- --profile | --profile-signup | --profile-bearer] [-- --build] [-- --no-peer]
//                [-- --no-pooler] [-- --serve]
//
// Measures the product against its performance targets (bench/README.md) on this machine, in one run: the
// standalone server as `npm start` and the container run it, on a private PostgreSQL with a real SMTP
// catcher, next to a Better Auth peer on the same PostgreSQL. This file starts the servers and runs the
// phases (bench/phases/); bench/figures.ts turns their results into the table of figures and targets.

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    build: { type: "boolean", default: false },
    "no-peer": { type: "boolean", default: false },
    "no-pooler": { type: "boolean", default: false },
    serve: { type: "boolean", default: false },
    "profile-signup": { type: "boolean", default: false },
    "profile-bearer": { type: "boolean", default: false },
    "profile-account": { type: "boolean", default: false },
  },
});

const PROFILE: ProfileKind | undefined = flags["profile-signup"]
  ? "signup"
  : flags["profile-bearer"]
    ? "bearer"
    : flags["profile-account"]
      ? "account"
      : flags.profile
        ? "signin"
        : undefined;

const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 6100);
const PORTS = {
  app: PORT_BASE,
  postgres: PORT_BASE + 1,
  smtp: PORT_BASE + 2,
  mailHttp: PORT_BASE + 3,
  pooledApp: PORT_BASE + 4,
  pgbouncer: PORT_BASE + 5,
  peer: PORT_BASE + 20,
};
// libuv's default; whatever the caller sets is given to the servers and the capacity probe alike.
const THREADPOOL = process.env.UV_THREADPOOL_SIZE ?? "4";

// Rounds and durations: long enough that two runs on a quiet machine agree within 10% (bench/README.md).
const PLAN: Plan = flags.quick
  ? {
      connections: 16,
      warmupSeconds: 2,
      rounds: 2,
      roundSeconds: 3,
      ceilingSeconds: 2,
      probeSeconds: 8,
      probeRate: 20,
      signUps: 20,
      signUpWarmup: 5,
      seedUsers: 32,
      overloadFactor: 4,
      overloadSeconds: 5,
    }
  : {
      connections: 16,
      // Long enough for V8 to optimise the sign-in path: with 3 s the product's first rounds ran at a third
      // of the ceiling and its last at two thirds (bench/README.md, 1 December).
      warmupSeconds: 10,
      rounds: 5,
      roundSeconds: 6,
      ceilingSeconds: 3,
      probeSeconds: 20,
      probeRate: 20,
      signUps: 100,
      signUpWarmup: 10,
      seedUsers: 64,
      overloadFactor: 4,
      overloadSeconds: 15,
    };

const SETTLE_MS = 1_000;
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS));
const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

// ---- Processes -----------------------------------------------------------------------------------------

const started: Started[] = [];
let pgDir: string | undefined;
let pgbouncerDir: string | undefined;
let runDir: string | undefined;
let capacity: Capacity | undefined;
const PGBOUNCER_SH = path.join(ROOT, "scripts", "pgbouncer.sh");

function stopAll() {
  capacity?.close();
  if (pgbouncerDir) spawnSync(PGBOUNCER_SH, ["stop", pgbouncerDir], { cwd: "/", stdio: "ignore" });
  if (pgDir) stopPostgres(pgDir);
  for (const dir of [pgDir, pgbouncerDir, runDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

async function cleanup() {
  capacity?.close();
  for (const process of started.reverse()) await stopProcess(process).catch(() => undefined);
  stopAll();
}

process.once("SIGINT", () => {
  killAllStarted();
  stopAll();
  process.exit(130);
});

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };

/** The product as `npm start` and the container run it: the standalone build's server.mjs and the product's
 *  own Node flags and malloc settings (package.json config). */
function startProduct(label: string, port: number, databaseUrl: string, nodeArgs: string[] = []) {
  const server = ensureStandalone(ROOT);
  // The server decides its own NODE_ENV (production).
  const { NODE_ENV: _nodeEnv, ...inherited } = env;
  const origin = `http://127.0.0.1:${port}`;
  const app = startProcess(label, [...nodeArgs, server.entry], {
    env: {
      ...inherited,
      ...serverSettings(server, process.env),
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      UV_THREADPOOL_SIZE: THREADPOOL,
      APP_URL: origin,
      AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
      SMTP_URL: `smtp://127.0.0.1:${PORTS.smtp}`,
      MAIL_FROM: "Accounts <no-reply@bench.example.com>",
      DATABASE_URL: databaseUrl,
      // The load generator plays a trusted proxy for many clients: see bench/lib/targets.ts.
      TRUSTED_PROXY_HOPS: "1",
      DATA_DIR: path.join(runDir!, `data-${label}`),
    },
    logDir: runDir!,
  });
  started.push(app);
  return { app, origin };
}

// ---- Run -----------------------------------------------------------------------------------------------

async function main() {
  const cpus = os.cpus();
  const meta = {
    date: new Date().toISOString(),
    commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim(),
    node: process.version,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    threadpool: Number(THREADPOOL),
    loadAverageBefore: os.loadavg().map((n) => round(n, 2)),
    plan: { ...PLAN, quick: flags.quick, profile: PROFILE },
  };
  log(`${meta.cpus} cores, load average ${meta.loadAverageBefore.join(" ")}, UV_THREADPOOL_SIZE=${THREADPOOL}`);

  if (flags.build || !fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    log("building (next build)");
    runCommand("npm", ["run", "--silent", "build"], env);
  }
  const peerDir = path.join(ROOT, "bench", "peers", "better-auth");
  if (!flags["no-peer"] && !fs.existsSync(path.join(peerDir, "node_modules"))) {
    log("installing the Better Auth peer (bench/peers/better-auth)");
    runCommand("npm", ["install", "--prefix", peerDir, "--no-audit", "--no-fund"], env);
  }

  runDir = fs.mkdtempSync(path.join(os.tmpdir(), "accounts-bench-"));
  pgDir = fs.mkdtempSync(path.join(os.tmpdir(), "accounts-bench-pg-"));
  const serverUrl = startPostgres(pgDir, PORTS.postgres);
  const databaseUrl = serverUrl.replace(/\/[^/]*$/, "/accounts_bench");
  const peerDatabaseUrl = serverUrl.replace(/\/[^/]*$/, "/better_auth_bench");
  log(`PostgreSQL on ${serverUrl}; migrating ${databaseUrl} with npm run db:deploy`);
  execFileSync("npm", ["run", "--silent", "db:deploy"], {
    cwd: ROOT,
    env: { ...env, DATABASE_URL: databaseUrl },
    stdio: "ignore",
  });
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE better_auth_bench`);
  await admin.end();

  const mail = startProcess("mail-catcher", ["--import", "tsx", path.join(ROOT, "tests/support/mail-catcher.ts")], {
    env: { ...env, SMTP_PORT: String(PORTS.smtp), HTTP_PORT: String(PORTS.mailHttp) },
    logDir: runDir,
  });
  started.push(mail);
  await waitForHttp(`http://127.0.0.1:${PORTS.mailHttp}/health`, mail);

  // One folder per run: Node writes one profile per thread (the hash threads too), named by pid and thread.
  const profileDir = path.join(ROOT, "bench", "profiles", new Date().toISOString().replace(/[:.]/g, "-"));
  if (PROFILE) fs.mkdirSync(profileDir, { recursive: true });
  const { app, origin } = startProduct(
    "server",
    PORTS.app,
    databaseUrl,
    // Node refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line.
    PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
  );
  await waitForHttp(`${origin}/api/health`, app);
  log(`standalone server (pid ${app.pid}) on ${origin}`);
  // The product's memory after each phase, to tell which work makes it grow.
  const memoryAfter: Record<string, number | undefined> = {};
  const recordMemory = (phase: string) => (memoryAfter[phase] = memoryOf(app.pid)?.rssMb);
  recordMemory("start");

  let peer: Started | undefined;
  const { NODE_ENV: _nodeEnv, ...inherited } = env;
  if (!flags["no-peer"] && !PROFILE) {
    peer = startProcess("better-auth", ["server.mjs"], {
      cwd: peerDir,
      env: {
        ...inherited,
        NODE_ENV: "production",
        UV_THREADPOOL_SIZE: THREADPOOL,
        PORT: String(PORTS.peer),
        DATABASE_URL: peerDatabaseUrl,
        BETTER_AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
      },
      logDir: runDir,
    });
    started.push(peer);
    await waitForHttp(`http://127.0.0.1:${PORTS.peer}/health`, peer);
    log(`Better Auth peer (pid ${peer.pid}) on http://127.0.0.1:${PORTS.peer}`);
  }
  const peerTarget = peer ? betterAuthTarget(`http://127.0.0.1:${PORTS.peer}`) : undefined;

  if (flags.serve) {
    // For poking at the servers by hand: everything stays up, seeded, until Ctrl-C.
    const { target } = await productTarget(origin, databaseUrl);
    const users = await target.seed(4);
    const cookie = (await target.account(users[0])).next().headers?.cookie;
    console.log(JSON.stringify({ product: origin, peer: peerTarget?.origin, users, cookie, logs: runDir }, null, 2));
    await new Promise(() => undefined);
  }

  capacity = await startCapacityProbe({ ...env, UV_THREADPOOL_SIZE: THREADPOOL });
  const { target: productTargetOf, api } = await productTarget(origin, databaseUrl);
  log(`product sign-in through ${productTargetOf.signInVia}; sign-up through ${productTargetOf.signUpVia}`);
  const product: Side = {
    name: "product",
    target: productTargetOf,
    users: await productTargetOf.seed(PLAN.seedUsers),
    pid: app.pid,
  };
  const peerSide: Side | undefined =
    peer && peerTarget
      ? { name: "peer", target: peerTarget, users: await peerTarget.seed(PLAN.seedUsers), pid: peer.pid }
      : undefined;

  const single = await capacity.single();
  log(`one argon2id hash ${round(single.hashMs)} ms, one verification ${round(single.verifyMs)} ms`);
  const bench: Bench = { plan: PLAN, pgDir, product, peer: peerSide, capacity, single, log, settle, recordMemory };

  if (PROFILE) {
    await profilePhase(bench, PROFILE, app, profileDir, ROOT);
    return;
  }

  // -- The phases, in this order: the lighter ones first, the flood last but one. --
  const firstLoad = await firstLoadPhase(bench, ROOT);
  const signUp = await signUpPhase(bench);
  const signIn = await signInPhase(bench);
  const responsiveness = await responsivenessPhase(bench);
  log(`Bearer: GET /api/protected against GET /api/, ${PLAN.rounds} interleaved rounds of ${PLAN.roundSeconds} s`);
  const bearer = await bearerPhase(product.target, product.users[0], PLAN);
  recordMemory("bearer");
  const overload = await overloadPhase(bench, signIn.ceiling.perSecond);
  const memory = {
    product: memoryOf(app.pid),
    peer: peer ? memoryOf(peer.pid) : null,
    productRssMbAfter: memoryAfter,
  };
  if (peer) await stopProcess(peer);

  let pooler: Results["pooler"];
  if (!flags["no-pooler"]) {
    pgbouncerDir = fs.mkdtempSync(path.join(os.tmpdir(), "accounts-bench-pgbouncer-"));
    const bouncer = spawnSync(PGBOUNCER_SH, ["start", pgbouncerDir, String(PORTS.pgbouncer), serverUrl], {
      cwd: "/",
      encoding: "utf8",
    });
    if (bouncer.status !== 0) {
      log(`PgBouncer did not start, pooler phase skipped: ${bouncer.stderr.trim()}`);
    } else {
      const pooledUrl = bouncer.stdout.trim().replace(/\/[^/]*$/, "/accounts_bench");
      const pooled = startProduct("server-pgbouncer", PORTS.pooledApp, pooledUrl);
      await waitForHttp(`${pooled.origin}/api/health`, pooled.app);
      const { target } = await productTarget(pooled.origin, databaseUrl);
      pooler = await poolerPhase(bench, { target, users: product.users, pid: pooled.app.pid });
      await stopProcess(pooled.app);
    }
  }
  capacity.close();

  const results: Results = {
    plan: PLAN,
    threadpool: THREADPOOL,
    single,
    signInVia: product.target.signInVia,
    signUpVia: product.target.signUpVia,
    firstLoad,
    signUp,
    signIn,
    responsiveness,
    bearer,
    barePath: api.barePath,
    bareNote: api.bareNote,
    overload,
    pooler,
    memory,
  };
  const figures = figuresOf(results);

  const resultsFile = path.join(ROOT, "bench", "results.json");
  const previous = fs.existsSync(resultsFile)
    ? (JSON.parse(fs.readFileSync(resultsFile, "utf8")) as { figures?: Figure[] }).figures
    : undefined;
  const finished = {
    ...meta,
    loadAverageAfter: os.loadavg().map((n) => round(n, 2)),
    signInVia: product.target.signInVia,
    signUpVia: product.target.signUpVia,
  };
  console.log(
    `\nnpm run bench: ${meta.cpus} × ${meta.cpuModel}, Node ${meta.node}, commit ${meta.commit}, UV_THREADPOOL_SIZE=${THREADPOOL}, ` +
      `load average ${meta.loadAverageBefore[0]} before, ${finished.loadAverageAfter[0]} after${flags.quick ? " (--quick)" : ""}\n`,
  );
  printTable(figures, previous);
  const raw = { api, ...results };
  fs.writeFileSync(resultsFile, JSON.stringify({ meta: finished, figures, raw }, null, 2) + "\n");
  console.log(`\nwrote ${path.relative(ROOT, resultsFile)}`);
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanup();
  // Nothing may keep the run alive after it is done (a stray handle would hang `npm run bench`).
  process.exit();
}
