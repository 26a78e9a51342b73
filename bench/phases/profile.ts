import fs from "node:fs";
import path from "node:path";
import { cpuBetween, sampleCpu } from "../lib/cpu";
import { summariseProfile } from "../lib/cpu-profile";
import { runLoad } from "../lib/load";
import { stopProcess, type Started } from "../lib/processes";
import { percentile, round } from "../lib/stats";
import type { Bench } from "./context";
import { costPerSignIn, signInRound } from "./sign-in";

// --profile*: the server runs with --cpu-prof; one workload runs, the server stops, and the main thread's
// profile is summarised (self time by origin, heaviest functions with their call paths).

export type ProfileKind = "signin" | "signup" | "bearer" | "account";

export async function profilePhase(bench: Bench, kind: ProfileKind, app: Started, profileDir: string, root: string) {
  const { plan, product, single } = bench;
  const { target, users } = product;
  const seconds = plan.probeSeconds;
  bench.log(`profiling the product: ${kind} for ${seconds} s (only this phase runs when profiling)`);
  let what: string;
  if (kind === "signin") {
    const work = target.signIn(users);
    await runLoad(work, { connections: plan.connections, seconds: plan.warmupSeconds });
    await bench.settle();
    const measured = await signInRound(bench, work, app.pid, seconds);
    const cost = costPerSignIn([measured]);
    what =
      `sign-ins ${round(measured.run.perSecond)}/s through ${target.signInVia}; CPU per sign-in: main thread ` +
      `${round(cost.mainThreadMs)} ms, whole server ${round(cost.processMs)} ms, PostgreSQL ${round(cost.postgresMs)} ms; ` +
      `one verification alone ${round(single.verifyMs)} ms`;
  } else if (kind === "bearer") {
    if (!target.bearer) throw new Error("this build has no GET /api/protected to profile");
    const routes = await target.bearer(users[0]);
    await runLoad(routes.protected, { connections: plan.connections, seconds: plan.warmupSeconds });
    const before = sampleCpu(app.pid, bench.pgDir);
    const run = await runLoad(routes.protected, { connections: plan.connections, seconds });
    const used = cpuBetween(before, sampleCpu(app.pid, bench.pgDir));
    what =
      `GET /api/protected ${round(run.perSecond)}/s; CPU per request: main thread ${round(used.mainThreadMs / run.ok, 2)} ms, ` +
      `whole server ${round(used.processMs / run.ok, 2)} ms, PostgreSQL ${round(used.postgresMs / run.ok, 2)} ms`;
  } else if (kind === "account") {
    // One connection, as the responsiveness probes ask: the page's own cost, not queueing.
    const page = await target.account(users[0]);
    await runLoad(page, { connections: 1, seconds: plan.warmupSeconds });
    const before = sampleCpu(app.pid, bench.pgDir);
    const run = await runLoad(page, { connections: 1, seconds });
    const used = cpuBetween(before, sampleCpu(app.pid, bench.pgDir));
    what =
      `GET /account signed in, one at a time: ${round(run.perSecond)}/s, p50 ${round(percentile(run.latencies, 50))} ms, ` +
      `p99 ${round(percentile(run.latencies, 99))} ms; CPU per page: main thread ${round(used.mainThreadMs / run.ok, 2)} ms, ` +
      `whole server ${round(used.processMs / run.ok, 2)} ms, PostgreSQL ${round(used.postgresMs / run.ok, 2)} ms`;
  } else {
    const work = target.signUp();
    await runLoad(work, { connections: 1, amount: plan.signUpWarmup });
    const before = sampleCpu(app.pid, bench.pgDir);
    const run = await runLoad(work, { connections: 1, seconds });
    const used = cpuBetween(before, sampleCpu(app.pid, bench.pgDir));
    what =
      `${run.ok} sign-ups one at a time through ${target.signUpVia}, p50 ${round(percentile(run.latencies, 50))} ms; ` +
      `CPU per sign-up: main thread ${round(used.mainThreadMs / run.ok)} ms, whole server ${round(used.processMs / run.ok)} ms, ` +
      `PostgreSQL ${round(used.postgresMs / run.ok)} ms; one hash alone ${round(single.hashMs)} ms`;
  }
  bench.capacity.close();
  await stopProcess(app);
  // CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; the main thread is thread 0.
  const mainThread = fs.readdirSync(profileDir).find((name) => name.includes(`.${app.pid}.0.`));
  if (!mainThread) throw new Error(`no main-thread profile in ${profileDir}`);
  const file = path.join(profileDir, mainThread);
  const summary = summariseProfile(file);
  const pct = (share: number) => `${round(share * 100, 1)}%`.padStart(6);
  const during = {
    signin: "sign-in saturation",
    signup: "sign-ups",
    bearer: "Bearer requests",
    account: "signed-in pages",
  }[kind];
  console.log(
    `\nCPU profile of the server's main thread over its life (${round(summary.seconds, 0)} s, of which ${seconds} s ` +
      `of ${during}): ${path.relative(root, file)}`,
  );
  console.log(what);
  console.log("\nself time by origin:");
  for (const { origin: where, share } of summary.byOrigin.slice(0, 15)) console.log(`${pct(share)}  ${where}`);
  console.log("\nheaviest functions (self time), with their heaviest call path:");
  for (const { fn, origin: where, share, via } of summary.top)
    console.log(`${pct(share)}  ${fn}  [${where}]${via ? `\n          < ${via}` : ""}`);
}
