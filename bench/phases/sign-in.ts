import { cpuBetween, sampleCpu, type CpuSample } from "../lib/cpu";
import { runLoad, summarise, type LoadRun, type Summary, type Workload } from "../lib/load";
import { median, round, spread } from "../lib/stats";
import type { Bench, Side } from "./context";

// Sign-in throughput against the argon2 ceiling. Rounds interleave the ceiling, the product and the peer,
// so drifting background load on a shared machine hits all three alike; each side's ratio is the median of
// its rounds' own ratios. CPU per sign-in comes from /proc times of the server and PostgreSQL's backends.

export type SignInCost = { processMs: number; mainThreadMs: number; postgresMs: number; loadGeneratorMs: number };
export type SideSignIn = { summary: Summary; ratio: number; cpu: SignInCost };
export type SignInResult = {
  ceiling: { perSecond: number; rounds: number[]; spread: number };
  product: SideSignIn;
  peer?: SideSignIn;
};

type Round = { run: LoadRun; used: CpuSample };

export async function signInRound(bench: Bench, work: Workload, pid: number, seconds: number): Promise<Round> {
  const before = sampleCpu(pid, bench.pgDir);
  const run = await runLoad(work, { connections: bench.plan.connections, seconds });
  const used = cpuBetween(before, sampleCpu(pid, bench.pgDir));
  await bench.settle();
  return { run, used };
}

export function costPerSignIn(rounds: Round[]): SignInCost {
  const ok = rounds.reduce((sum, { run }) => sum + run.ok, 0) || NaN;
  const total = (key: keyof CpuSample) => rounds.reduce((sum, { used }) => sum + used[key], 0) / ok;
  return {
    processMs: total("processMs"),
    mainThreadMs: total("mainThreadMs"),
    postgresMs: total("postgresMs"),
    loadGeneratorMs: total("loadGeneratorMs"),
  };
}

/** Interleaved rounds of the ceiling and each of `sides` (a side is a label, a workload and a pid). */
export async function interleavedSignIns(
  bench: Bench,
  sides: { label: string; work: Workload; pid: number }[],
  rounds = bench.plan.rounds,
): Promise<{ ceiling: SignInResult["ceiling"]; sides: SideSignIn[] }> {
  const { plan, capacity } = bench;
  for (const side of sides) {
    await runLoad(side.work, { connections: plan.connections, seconds: plan.warmupSeconds });
    await bench.settle();
  }
  await capacity.rate(1);
  const ceilingRounds: number[] = [];
  const sideRounds: Round[][] = sides.map(() => []);
  for (let i = 0; i < rounds; i++) {
    ceilingRounds.push(await capacity.rate(plan.ceilingSeconds));
    for (const [s, side] of sides.entries())
      sideRounds[s].push(await signInRound(bench, side.work, side.pid, plan.roundSeconds));
    bench.log(
      `  round ${i + 1}: ceiling ${round(ceilingRounds[i])}/s, ` +
        sides.map((side, s) => `${side.label} ${round(sideRounds[s][i].run.perSecond)}/s`).join(", "),
    );
  }
  return {
    ceiling: { perSecond: median(ceilingRounds), rounds: ceilingRounds, spread: spread(ceilingRounds) },
    sides: sideRounds.map((roundsOfSide) => ({
      summary: summarise(roundsOfSide.map(({ run }) => run)),
      ratio: median(roundsOfSide.map(({ run }, i) => run.perSecond / ceilingRounds[i])),
      cpu: costPerSignIn(roundsOfSide),
    })),
  };
}

export async function signInPhase(bench: Bench): Promise<SignInResult> {
  const { plan } = bench;
  bench.log(
    `sign-in saturation: ${plan.rounds} rounds of ${plan.roundSeconds} s at ${plan.connections} connections, interleaved with the ceiling`,
  );
  const sides: Side[] = [bench.product, ...(bench.peer ? [bench.peer] : [])];
  const { ceiling, sides: results } = await interleavedSignIns(
    bench,
    sides.map((side) => ({ label: side.name, work: side.target.signIn(side.users), pid: side.pid })),
  );
  bench.recordMemory("sign-in saturation");
  return { ceiling, product: results[0], peer: results[1] };
}
