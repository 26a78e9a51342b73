import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startCapacityProbe, type Capacity } from "./lib/capacity";
import { cpuBetween, sampleCpu, type CpuSample } from "./lib/cpu";
import { summariseProfile } from "./lib/cpu-profile";
import { firstLoadJs, frameworkJs, type FirstLoad } from "./lib/first-load";
import { probeDuringSaturation, runLoad, summarise, type LoadRun, type Summary } from "./lib/load";
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
import { median, percentile, round, spread } from "./lib/stats";
import { betterAuthTarget, productTarget, type Account, type Target } from "./lib/targets";

// npm run bench [-- --quick] [-- --profile | --profile-signup | --profile-bearer] [-- --build] [-- --no-peer] [-- --serve]
//
// Measures the product against its performance targets (bench/README.md) on this machine, in one run: `next start` (production build) on a
// private PostgreSQL with a real SMTP catcher, next to a Better Auth peer on the same PostgreSQL, both
// driven by autocannon over loopback. Prints a table and writes bench/results.json. See bench/README.md.

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    build: { type: "boolean", default: false },
    "no-peer": { type: "boolean", default: false },
    serve: { type: "boolean", default: false },
    "profile-signup": { type: "boolean", default: false },
    "profile-bearer": { type: "boolean", default: false },
  },
});

// --profile profiles sign-in saturation, --profile-signup sign-ups one at a time, --profile-bearer
// GET /api/protected at saturation.
const PROFILE = flags["profile-signup"]
  ? "signup"
  : flags["profile-bearer"]
    ? "bearer"
    : flags.profile
      ? "signin"
      : undefined;

const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 6100);
const PORTS = {
  app: PORT_BASE,
  postgres: PORT_BASE + 1,
  smtp: PORT_BASE + 2,
  mailHttp: PORT_BASE + 3,
  peer: PORT_BASE + 20,
};
// libuv's default; whatever the caller sets is given to the servers and the capacity probe alike.
const THREADPOOL = process.env.UV_THREADPOOL_SIZE ?? "4";

// Rounds and durations: long enough that two runs on a quiet machine agree within 10% (bench/README.md).
const PLAN = flags.quick
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
    }
  : {
      connections: 16,
      warmupSeconds: 3,
      rounds: 5,
      roundSeconds: 6,
      ceilingSeconds: 3,
      probeSeconds: 20,
      probeRate: 20,
      signUps: 100,
      signUpWarmup: 10,
      seedUsers: 64,
    };

const SETTLE_MS = 1_000;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

// ---- Report --------------------------------------------------------------------------------------------

type Figure = {
  id: string;
  /** The target this figure checks (or informs). */
  target: string;
  measure: string;
  unit: string;
  product: number | null;
  peer: number | null;
  /** The target as a bound, e.g. "≥ 85%"; empty for a figure that only informs. */
  goal: string;
  productMeets: boolean | null;
  peerMeets: boolean | null;
  note?: string;
};

const figures: Figure[] = [];
function figure(f: Omit<Figure, "productMeets" | "peerMeets"> & { check?: (value: number) => boolean }) {
  const { check, ...rest } = f;
  const meets = (value: number | null) => (check && value !== null && Number.isFinite(value) ? check(value) : null);
  figures.push({ ...rest, productMeets: meets(f.product), peerMeets: meets(f.peer) });
}

function format(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  if (unit === "%") return `${round(value * 100, 0)}%`;
  return `${round(value, value >= 100 ? 0 : 1)} ${unit}`;
}

function printTable(previous: Figure[] | undefined) {
  const last = new Map(previous?.map((f) => [f.id, f.product]));
  const yes = (meets: boolean | null) => (meets === null ? "" : meets ? "yes" : "NO");
  const rows = figures.map((f) => {
    const before = last.get(f.id);
    const delta =
      typeof before === "number" && f.product !== null && before !== 0
        ? `${round(((f.product - before) / before) * 100, 0)}%`
        : "";
    return [
      f.target,
      f.measure,
      format(f.product, f.unit),
      yes(f.productMeets),
      format(f.peer, f.unit),
      yes(f.peerMeets),
      f.goal,
      delta,
    ];
  });
  const header = ["target", "measure", "product", "meets", "better-auth", "meets", "target", "Δ last run"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  let group = "";
  for (const row of rows) {
    console.log(line(row[0] === group ? ["", ...row.slice(1)] : row));
    group = row[0];
  }
  for (const f of figures.filter((f) => f.note)) console.log(`  * ${f.measure}: ${f.note}`);
}

// ---- Run -----------------------------------------------------------------------------------------------

const started: Started[] = [];
let pgDir: string | undefined;
let runDir: string | undefined;
let capacity: Capacity | undefined;

async function cleanup() {
  capacity?.close();
  for (const process of started.reverse()) await stopProcess(process).catch(() => undefined);
  if (pgDir) stopPostgres(pgDir);
  for (const dir of [pgDir, runDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

process.once("SIGINT", () => {
  capacity?.close();
  killAllStarted();
  if (pgDir) stopPostgres(pgDir);
  for (const dir of [pgDir, runDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(130);
});

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

  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
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
  const origin = `http://127.0.0.1:${PORTS.app}`;
  // The server decides its own NODE_ENV (next start: production).
  const { NODE_ENV: _nodeEnv, ...inherited } = env;
  // The product's own Node/V8 flags, as `npm start` and the container pass them (package.json config).
  const { config } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    config: { serverNodeOptions: string };
  };
  const app = startProcess(
    "next",
    [
      // Node refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line.
      ...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
      path.join(ROOT, "node_modules/next/dist/bin/next"),
      "start",
      "-H",
      "127.0.0.1",
      "-p",
      String(PORTS.app),
    ],
    {
      env: {
        ...inherited,
        NODE_OPTIONS: [config.serverNodeOptions, process.env.NODE_OPTIONS].filter(Boolean).join(" "),
        UV_THREADPOOL_SIZE: THREADPOOL,
        APP_URL: origin,
        AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
        SMTP_URL: `smtp://127.0.0.1:${PORTS.smtp}`,
        MAIL_FROM: "Accounts <no-reply@bench.example.com>",
        DATABASE_URL: databaseUrl,
        // The load generator plays a trusted proxy for many clients: see bench/lib/targets.ts.
        TRUSTED_PROXY_HOPS: "1",
        DATA_DIR: path.join(runDir, "data"),
      },
      logDir: runDir,
    },
  );
  started.push(app);
  await waitForHttp(`${origin}/api/health`, app);
  log(`next start (pid ${app.pid}) on ${origin}`);
  // The product's memory after each phase, to tell which work makes it grow.
  const memoryAfter: Record<string, number | undefined> = {};
  const recordMemory = (phase: string) => (memoryAfter[phase] = memoryOf(app.pid)?.rssMb);
  recordMemory("start");

  let peer: Started | undefined;
  let peerTarget: Target | undefined;
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
    peerTarget = betterAuthTarget(`http://127.0.0.1:${PORTS.peer}`);
    log(`Better Auth peer (pid ${peer.pid}) on ${peerTarget.origin}`);
  }

  if (flags.serve) {
    // For poking at the servers by hand: everything stays up, seeded, until Ctrl-C.
    const { target } = await productTarget(origin, databaseUrl);
    const users = await target.seed(4);
    const cookie = (await target.account(users[0])).next().headers?.cookie;
    console.log(JSON.stringify({ product: origin, peer: peerTarget?.origin, users, cookie, logs: runDir }, null, 2));
    await new Promise(() => undefined);
  }

  capacity = await startCapacityProbe({ ...env, UV_THREADPOOL_SIZE: THREADPOOL });
  const { target: product, api } = await productTarget(origin, databaseUrl);
  log(`product sign-in through ${product.signInVia}; sign-up through ${product.signUpVia}`);

  const productUsers = await product.seed(PLAN.seedUsers);
  const peerUsers = peerTarget ? await peerTarget.seed(PLAN.seedUsers) : [];
  const raw: Record<string, unknown> = { api };

  // -- One hash, on an idle machine ---------------------------------------------------------------------
  const single = await capacity.single();
  log(`one argon2id hash ${round(single.hashMs)} ms, one verification ${round(single.verifyMs)} ms`);
  raw.single = single;

  const both = async <T>(work: (target: Target, users: Account[]) => Promise<T>) => ({
    product: await work(product, productUsers),
    peer: peerTarget ? await work(peerTarget, peerUsers) : undefined,
  });

  /** A sign-in round with the server's (and PostgreSQL's) CPU time per successful sign-in. */
  const signInRound = async (work: ReturnType<Target["signIn"]>, pid: number, seconds: number) => {
    const before = sampleCpu(pid, pgDir!);
    const run = await runLoad(work, { connections: PLAN.connections, seconds });
    const used = cpuBetween(before, sampleCpu(pid, pgDir!));
    await settle();
    return { run, used };
  };
  const perSignIn = (rounds: { run: LoadRun; used: CpuSample }[]) => {
    const ok = rounds.reduce((sum, { run }) => sum + run.ok, 0) || NaN;
    const total = (key: keyof CpuSample) => rounds.reduce((sum, { used }) => sum + used[key], 0) / ok;
    return {
      processMs: total("processMs"),
      mainThreadMs: total("mainThreadMs"),
      postgresMs: total("postgresMs"),
      loadGeneratorMs: total("loadGeneratorMs"),
    };
  };

  if (PROFILE) {
    const seconds = PLAN.probeSeconds;
    log(`profiling the product: ${PROFILE} for ${seconds} s (only this phase runs when profiling)`);
    let what: string;
    if (PROFILE === "signin") {
      const work = product.signIn(productUsers);
      await runLoad(work, { connections: PLAN.connections, seconds: PLAN.warmupSeconds });
      await settle();
      const round1 = await signInRound(work, app.pid, seconds);
      const cost = perSignIn([round1]);
      what =
        `sign-ins ${round(round1.run.perSecond)}/s through ${product.signInVia}; CPU per sign-in: main thread ` +
        `${round(cost.mainThreadMs)} ms, whole server ${round(cost.processMs)} ms, PostgreSQL ${round(cost.postgresMs)} ms; ` +
        `one verification alone ${round(single.verifyMs)} ms`;
    } else if (PROFILE === "bearer") {
      if (!product.bearer) throw new Error("this build has no GET /api/protected to profile");
      const routes = await product.bearer(productUsers[0]);
      await runLoad(routes.protected, { connections: PLAN.connections, seconds: PLAN.warmupSeconds });
      const before = sampleCpu(app.pid, pgDir);
      const run = await runLoad(routes.protected, { connections: PLAN.connections, seconds });
      const used = cpuBetween(before, sampleCpu(app.pid, pgDir));
      what =
        `GET /api/protected ${round(run.perSecond)}/s; CPU per request: main thread ${round(used.mainThreadMs / run.ok, 2)} ms, ` +
        `whole server ${round(used.processMs / run.ok, 2)} ms, PostgreSQL ${round(used.postgresMs / run.ok, 2)} ms`;
    } else {
      const work = product.signUp();
      await runLoad(work, { connections: 1, amount: PLAN.signUpWarmup });
      const before = sampleCpu(app.pid, pgDir);
      const run = await runLoad(work, { connections: 1, seconds });
      const used = cpuBetween(before, sampleCpu(app.pid, pgDir));
      what =
        `${run.ok} sign-ups one at a time through ${product.signUpVia}, p50 ${round(percentile(run.latencies, 50))} ms; ` +
        `CPU per sign-up: main thread ${round(used.mainThreadMs / run.ok)} ms, whole server ${round(used.processMs / run.ok)} ms, ` +
        `PostgreSQL ${round(used.postgresMs / run.ok)} ms; one hash alone ${round(single.hashMs)} ms`;
    }
    capacity.close();
    await stopProcess(app);
    // CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; the main thread is thread 0.
    const mainThread = fs.readdirSync(profileDir).find((name) => name.includes(`.${app.pid}.0.`));
    if (!mainThread) throw new Error(`no main-thread profile in ${profileDir}`);
    const file = path.join(profileDir, mainThread);
    const summary = summariseProfile(file);
    const pct = (share: number) => `${round(share * 100, 1)}%`.padStart(6);
    console.log(
      `\nCPU profile of next-server's main thread over its life (${round(summary.seconds, 0)} s, of which ${seconds} s ` +
        `of ${{ signin: "sign-in saturation", signup: "sign-ups", bearer: "Bearer requests" }[PROFILE]}): ${path.relative(ROOT, file)}`,
    );
    console.log(what);
    console.log("\nself time by origin:");
    for (const { origin: where, share } of summary.byOrigin.slice(0, 15)) console.log(`${pct(share)}  ${where}`);
    console.log("\nheaviest functions (self time), with their heaviest call path:");
    for (const { fn, origin: where, share, via } of summary.top)
      console.log(`${pct(share)}  ${fn}  [${where}]${via ? `\n          < ${via}` : ""}`);
    return;
  }

  // -- First-load JavaScript ----------------------------------------------------------------------------
  const firstLoad: Record<string, FirstLoad> = {};
  for (const page of ["/login", "/register"]) firstLoad[page] = await firstLoadJs(origin, page);
  const framework = frameworkJs(ROOT);
  raw.firstLoad = { ...firstLoad, framework };
  recordMemory("first page loads");

  // -- Sign-up latency, one at a time ---------------------------------------------------------------------
  log(`sign-up latency: ${PLAN.signUps} sign-ups one at a time, after ${PLAN.signUpWarmup} warm-up`);
  const signUp = await both(async (target) => {
    const work = target.signUp();
    await runLoad(work, { connections: 1, amount: PLAN.signUpWarmup });
    const summary = summarise([await runLoad(work, { connections: 1, amount: PLAN.signUps })]);
    await settle();
    return summary;
  });
  raw.signUp = signUp;
  recordMemory("sign-ups");

  // -- Sign-in throughput against the argon2 ceiling ------------------------------------------------------
  // Rounds interleave the ceiling, the product and the peer, so drifting background load on a shared
  // machine hits all three alike; the ratio is the median of each round's own ratio.
  log(
    `sign-in saturation: ${PLAN.rounds} rounds of ${PLAN.roundSeconds} s at ${PLAN.connections} connections, interleaved with the ceiling`,
  );
  const productSignIn = product.signIn(productUsers);
  const peerSignIn = peerTarget?.signIn(peerUsers);
  await runLoad(productSignIn, { connections: PLAN.connections, seconds: PLAN.warmupSeconds });
  await settle();
  if (peerSignIn) {
    await runLoad(peerSignIn, { connections: PLAN.connections, seconds: PLAN.warmupSeconds });
    await settle();
  }
  await capacity.rate(1);
  const ceilingRounds: number[] = [];
  const productCpuRounds: { run: LoadRun; used: CpuSample }[] = [];
  const peerCpuRounds: { run: LoadRun; used: CpuSample }[] = [];
  for (let i = 0; i < PLAN.rounds; i++) {
    ceilingRounds.push(await capacity.rate(PLAN.ceilingSeconds));
    productCpuRounds.push(await signInRound(productSignIn, app.pid, PLAN.roundSeconds));
    if (peerSignIn && peer) peerCpuRounds.push(await signInRound(peerSignIn, peer.pid, PLAN.roundSeconds));
    log(
      `  round ${i + 1}: ceiling ${round(ceilingRounds[i])}/s, product ${round(productCpuRounds[i].run.perSecond)}/s` +
        (peerSignIn ? `, better-auth ${round(peerCpuRounds[i].run.perSecond)}/s` : ""),
    );
  }
  const productRounds = productCpuRounds.map(({ run }) => run);
  const peerRounds = peerCpuRounds.map(({ run }) => run);
  const ceiling = median(ceilingRounds);
  const ratioOf = (runs: LoadRun[]) => median(runs.map((run, i) => run.perSecond / ceilingRounds[i]));
  const signIn = { product: summarise(productRounds), peer: peerSignIn ? summarise(peerRounds) : undefined };
  const signInCost = { product: perSignIn(productCpuRounds), peer: peerSignIn ? perSignIn(peerCpuRounds) : undefined };
  raw.ceiling = { perSecond: ceiling, rounds: ceilingRounds, spread: spread(ceilingRounds) };
  raw.signIn = signIn;
  raw.signInCpu = signInCost;
  recordMemory("sign-in saturation");

  // -- Responsiveness while sign-ins saturate the CPU -----------------------------------------------------
  log(
    `responsiveness: health and signed-in page at ${PLAN.probeRate}/s each for ${PLAN.probeSeconds} s under sign-in saturation`,
  );
  const responsiveness = await both(async (target, users) => {
    const probes = { health: target.health, account: await target.account(users[0]) };
    // The same probes on an idle server first: what the page costs when nothing competes.
    const idle = {
      health: summarise([await runLoad(probes.health, { connections: 1, seconds: 5, rate: PLAN.probeRate })]),
      account: summarise([await runLoad(probes.account, { connections: 1, seconds: 5, rate: PLAN.probeRate })]),
    };
    const result = await probeDuringSaturation(target.signIn(users), probes, {
      connections: PLAN.connections,
      warmupSeconds: PLAN.warmupSeconds,
      seconds: PLAN.probeSeconds,
      rate: PLAN.probeRate,
    });
    await settle();
    return { ...result, idle };
  });
  raw.responsiveness = responsiveness;
  recordMemory("responsiveness");

  // -- Bearer-authenticated route against a bare one --------------------------------------------------------
  let bearer: { bare: Summary; protected: Summary } | undefined;
  if (product.bearer) {
    log(`Bearer: GET /api/protected against GET /api/, ${PLAN.rounds} interleaved rounds of ${PLAN.roundSeconds} s`);
    const routes = await product.bearer(productUsers[0]);
    const runs = { bare: [] as LoadRun[], protected: [] as LoadRun[] };
    for (const name of ["bare", "protected"] as const)
      await runLoad(routes[name], { connections: PLAN.connections, seconds: PLAN.warmupSeconds });
    for (let i = 0; i < PLAN.rounds; i++)
      for (const name of ["bare", "protected"] as const)
        runs[name].push(await runLoad(routes[name], { connections: PLAN.connections, seconds: PLAN.roundSeconds }));
    bearer = { bare: summarise(runs.bare), protected: summarise(runs.protected) };
    raw.bearer = { ...bearer, ratio: median(runs.protected.map((run, i) => run.perSecond / runs.bare[i].perSecond)) };
  } else {
    log("Bearer: GET /api/protected is not available in this build; skipped");
  }

  // -- Memory after the run ---------------------------------------------------------------------------------
  recordMemory("bearer");
  const memory = { product: memoryOf(app.pid), peer: peer ? memoryOf(peer.pid) : null };
  raw.memory = { ...memory, productRssMbAfter: memoryAfter };
  capacity.close();

  // -- Figures ------------------------------------------------------------------------------------------------
  const LOGIN = "Login ≥ 85% of argon2 capacity";
  const RESPONSIVE = "p99 < 50 ms while logins saturate";
  const BEARER = "Bearer route ≥ 70% of bare route";
  const SIGNUP = "Sign-up p50 within 20 ms of a hash";
  const BUNDLE = "First-load JS < 120 kB gzipped";
  const RSS = "next start RSS < 300 MB";

  figure({
    id: "argon2_ceiling",
    target: LOGIN,
    measure: `argon2id verify capacity (pool ${THREADPOOL})`,
    unit: "/s",
    product: ceiling,
    peer: peerSignIn ? ceiling : null,
    goal: "",
    note: `median of ${PLAN.rounds} rounds of ${PLAN.ceilingSeconds} s, spread ${round(spread(ceilingRounds) * 100, 0)}%; m=19456 KiB, t=2, p=1`,
  });
  figure({
    id: "signin_throughput",
    target: LOGIN,
    measure: "sign-ins/s at saturation",
    unit: "/s",
    product: signIn.product.perSecond,
    peer: signIn.peer?.perSecond ?? null,
    goal: "",
    note:
      `product through ${product.signInVia}; spread over rounds ${round(signIn.product.spread * 100, 0)}%` +
      (signIn.peer ? `, peer ${round(signIn.peer.spread * 100, 0)}%` : ""),
  });
  figure({
    id: "signin_ratio",
    target: LOGIN,
    measure: "sign-ins ÷ ceiling",
    unit: "%",
    product: ratioOf(productRounds),
    peer: signIn.peer ? ratioOf(peerRounds) : null,
    goal: "≥ 85%",
    check: (v) => v >= 0.85,
  });
  for (const [key, label] of [
    ["mainThreadMs", "CPU per sign-in: server main thread"],
    ["processMs", "CPU per sign-in: whole server"],
    ["postgresMs", "CPU per sign-in: PostgreSQL"],
    ["loadGeneratorMs", "CPU per sign-in: load generator"],
  ] as const)
    figure({
      id: `signin_cpu_${key}`,
      target: LOGIN,
      measure: label,
      unit: "ms",
      product: signInCost.product[key],
      peer: signInCost.peer?.[key] ?? null,
      goal: "",
      note:
        key === "processMs"
          ? `the whole server includes its hashing threads; one verification alone is ${round(single.verifyMs)} ms`
          : key === "loadGeneratorMs"
            ? "autocannon shares the cores with the servers, the ceiling's rounds do not pay for it"
            : undefined,
    });
  figure({
    id: "signin_p50",
    target: LOGIN,
    measure: `sign-in p50 (${PLAN.connections} connections)`,
    unit: "ms",
    product: signIn.product.p50,
    peer: signIn.peer?.p50 ?? null,
    goal: "",
  });
  figure({
    id: "signin_p99",
    target: LOGIN,
    measure: `sign-in p99 (${PLAN.connections} connections)`,
    unit: "ms",
    product: signIn.product.p99,
    peer: signIn.peer?.p99 ?? null,
    goal: "",
  });
  for (const probe of ["health", "account"] as const) {
    const label = probe === "health" ? "GET /api/health (peer /health)" : "GET /account signed in";
    figure({
      id: `${probe}_p99_idle`,
      target: RESPONSIVE,
      measure: `${label} p99, idle server`,
      unit: "ms",
      product: responsiveness.product.idle[probe].p99,
      peer: responsiveness.peer?.idle[probe].p99 ?? null,
      goal: "",
    });
    for (const p of ["p50", "p99"] as const) {
      figure({
        id: `${probe}_${p}_under_load`,
        target: RESPONSIVE,
        measure: `${label} ${p}`,
        unit: "ms",
        product: responsiveness.product.probes[probe][p],
        peer: responsiveness.peer?.probes[probe][p] ?? null,
        goal: p === "p99" ? "< 50 ms" : "",
        check: p === "p99" ? (v) => v < 50 : undefined,
        note:
          p === "p99" && responsiveness.product.probes[probe].failed + responsiveness.product.probes[probe].errors > 0
            ? `${responsiveness.product.probes[probe].failed + responsiveness.product.probes[probe].errors} product probe requests failed`
            : undefined,
      });
    }
  }
  const unavailable = "GET /api/protected or POST /api/login is not available in this build";
  const bareNote = [bearer ? undefined : unavailable, api.bareNote].filter(Boolean).join("; ") || undefined;
  figure({
    id: "bare_rps",
    target: BEARER,
    measure: `GET ${api.barePath} (no auth) req/s`,
    unit: "/s",
    product: bearer?.bare.perSecond ?? null,
    peer: null,
    goal: "",
    note: bareNote,
  });
  figure({
    id: "protected_rps",
    target: BEARER,
    measure: "GET /api/protected (Bearer) req/s",
    unit: "/s",
    product: bearer?.protected.perSecond ?? null,
    peer: null,
    goal: "",
  });
  figure({
    id: "protected_ratio",
    target: BEARER,
    measure: "protected ÷ bare",
    unit: "%",
    product: bearer ? (raw.bearer as { ratio: number }).ratio : null,
    peer: null,
    goal: "≥ 70%",
    check: (v) => v >= 0.7,
  });
  figure({
    id: "hash_ms",
    target: SIGNUP,
    measure: "one argon2id hash (idle)",
    unit: "ms",
    product: single.hashMs,
    peer: peerTarget ? single.hashMs : null,
    goal: "",
  });
  figure({
    id: "signup_p50",
    target: SIGNUP,
    measure: "sign-up p50, one at a time",
    unit: "ms",
    product: signUp.product.p50,
    peer: signUp.peer?.p50 ?? null,
    goal: "",
    note: `product through ${product.signUpVia}; ${signUp.product.samples} sign-ups, ${signUp.product.failed} failed`,
  });
  figure({
    id: "signup_p99",
    target: SIGNUP,
    measure: "sign-up p99, one at a time",
    unit: "ms",
    product: signUp.product.p99,
    peer: signUp.peer?.p99 ?? null,
    goal: "",
  });
  figure({
    id: "signup_over_hash",
    target: SIGNUP,
    measure: "sign-up p50 − one hash",
    unit: "ms",
    product: signUp.product.p50 - single.hashMs,
    peer: signUp.peer ? signUp.peer.p50 - single.hashMs : null,
    goal: "≤ 20 ms",
    check: (v) => v <= 20,
  });
  for (const page of ["/login", "/register"])
    figure({
      id: `first_load_js_${page.slice(1)}`,
      target: BUNDLE,
      measure: `${page} (${firstLoad[page].chunks} chunks)`,
      unit: "kB",
      product: firstLoad[page].gzipKb,
      peer: null,
      goal: "< 120 kB",
      check: (v) => v < 120,
    });
  figure({
    id: "first_load_js_framework",
    target: BUNDLE,
    measure: `of which Next.js + React runtime (${framework.chunks} chunks)`,
    unit: "kB",
    product: framework.gzipKb,
    peer: null,
    goal: "",
    note: "the rootMainFiles of .next/build-manifest.json, loaded by every page: the floor under any page of this build",
  });
  figure({
    id: "rss_after_run",
    target: RSS,
    measure: "server RSS after the run",
    unit: "MB",
    product: memory.product?.rssMb ?? null,
    peer: memory.peer?.rssMb ?? null,
    goal: "< 300 MB",
    check: (v) => v < 300,
    note:
      `product RSS after each phase: ${Object.entries(memoryAfter)
        .map(([phase, mb]) => `${phase} ${round(mb ?? NaN, 0)}`)
        .join(", ")} MB; peak RSS (VmHWM): product ${round(memory.product?.peakRssMb ?? NaN, 0)} MB` +
      (memory.peer ? `, peer ${round(memory.peer.peakRssMb, 0)} MB` : ""),
  });

  const resultsFile = path.join(ROOT, "bench", "results.json");
  const previous = fs.existsSync(resultsFile)
    ? (JSON.parse(fs.readFileSync(resultsFile, "utf8")) as { figures?: Figure[] }).figures
    : undefined;
  const finished = {
    ...meta,
    loadAverageAfter: os.loadavg().map((n) => round(n, 2)),
    signInVia: product.signInVia,
    signUpVia: product.signUpVia,
  };
  console.log(
    `\nnpm run bench: ${meta.cpus} × ${meta.cpuModel}, Node ${meta.node}, commit ${meta.commit}, UV_THREADPOOL_SIZE=${THREADPOOL}, ` +
      `load average ${meta.loadAverageBefore[0]} before, ${finished.loadAverageAfter[0]} after${flags.quick ? " (--quick)" : ""}\n`,
  );
  printTable(previous);
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
