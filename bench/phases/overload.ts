import { runLoad, summarise, type Summary } from "../lib/load";
import { openLoop, type OpenLoopRun } from "../lib/open-loop";
import { memoryOf } from "../lib/processes";
import { onBoth, type Bench, type Side } from "./context";

// Overload: sign-ins offered open-loop at a multiple of the argon2 capacity, each from its own client
// address, while GET /api/health and a signed-in page are probed at a steady rate. The server should refuse
// the excess fast (429/503 with Retry-After), keep the accepted sign-ins and the probes quick, and not grow.

/** How often RSS is sampled while the flood lasts. */
export const RSS_SAMPLE_MS = 250;

export type OverloadResult = {
  rate: number;
  signIns: OpenLoopRun;
  probes: { health: Summary; account: Summary };
  /** RSS before the flood, its peak, after it, and sampled every RSS_SAMPLE_MS while it lasted. */
  rssMb: { before: number; peak: number; after: number; samples: number[] };
};

async function overloadOne(bench: Bench, side: Side, rate: number): Promise<OverloadResult> {
  const { plan } = bench;
  const probes = { health: side.target.health, account: await side.target.account(side.users[0]) };
  const rss = () => memoryOf(side.pid)?.rssMb ?? NaN;
  const before = rss();
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rss()), RSS_SAMPLE_MS);
  const flood = openLoop(side.target.signIn(side.users), { rate, seconds: plan.overloadSeconds });
  const probed = await Promise.all(
    (["health", "account"] as const).map(async (name) =>
      summarise([
        await runLoad(probes[name], { connections: 1, seconds: plan.overloadSeconds, rate: plan.probeRate }),
      ]),
    ),
  );
  const signIns = await flood;
  clearInterval(sampler);
  const after = rss();
  await bench.settle();
  await bench.settle();
  return { rate, signIns, probes: { health: probed[0], account: probed[1] }, rssMb: { before, peak: Math.max(before, ...samples, after), after, samples } };
}

export async function overloadPhase(bench: Bench, capacityPerSecond: number) {
  const rate = Math.round(capacityPerSecond * bench.plan.overloadFactor);
  bench.log(
    `overload: sign-ins offered open-loop at ${rate}/s (${bench.plan.overloadFactor} × ${Math.round(capacityPerSecond)}/s) for ${bench.plan.overloadSeconds} s`,
  );
  const result = await onBoth(bench, (side) => overloadOne(bench, side, rate));
  bench.recordMemory("overload");
  return result;
}
