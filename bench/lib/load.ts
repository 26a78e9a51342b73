import autocannon from "autocannon";
import { median, percentile, spread } from "./stats";

// The load generator is autocannon; this module adds what the benchmark needs on top: a fresh request per
// call (distinct users, client addresses, sign-up details), success judged by status code, and latencies
// recorded for every successful response in exact milliseconds (autocannon's own histogram keeps only 2xx
// responses, at whole-millisecond resolution, and a successful form sign-in is a 303).

export type HttpRequest = { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer };

export type Workload = {
  origin: string;
  /** Builds the next request; called once per request. */
  next: () => HttpRequest;
  /** The status codes that mean the operation succeeded. */
  ok: readonly number[];
};

export type LoadRun = {
  seconds: number;
  ok: number;
  failed: number;
  errors: number;
  perSecond: number;
  /** Milliseconds, successful responses only. */
  latencies: number[];
  statuses: Record<string, number>;
};

export type LoadOptions = { connections: number; seconds?: number; amount?: number; rate?: number };

export async function runLoad(work: Workload, options: LoadOptions): Promise<LoadRun> {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const instance = autocannon({
    url: work.origin,
    connections: options.connections,
    // autocannon rejects an option that is present but undefined.
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds }),
    ...(options.rate ? { overallRate: options.rate } : {}),
    timeout: 60,
    requests: [{ setupRequest: (request) => ({ ...request, ...work.next() }) }],
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, milliseconds: number) => {
    if (work.ok.includes(status)) latencies.push(milliseconds);
    else failed++;
  });
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  return {
    seconds,
    ok: latencies.length,
    failed,
    errors: result.errors + result.timeouts,
    perSecond: latencies.length / seconds,
    latencies,
    statuses,
  };
}

export type Summary = {
  perSecond: number;
  p50: number;
  p99: number;
  samples: number;
  failed: number;
  errors: number;
  /** Spread of the per-round throughputs: (max - min) / median. */
  spread: number;
  rounds: number[];
  statuses: Record<string, number>;
};

/** Throughput is the median over rounds; latency percentiles are over every sample of every round. */
export function summarise(runs: LoadRun[]): Summary {
  const rounds = runs.map((run) => run.perSecond);
  const all = runs.flatMap((run) => run.latencies);
  const statuses: Record<string, number> = {};
  for (const run of runs)
    for (const [code, count] of Object.entries(run.statuses)) statuses[code] = (statuses[code] ?? 0) + count;
  return {
    perSecond: median(rounds),
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    samples: all.length,
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    spread: spread(rounds),
    rounds,
    statuses,
  };
}

/** A warm-up (discarded), then `rounds` measured rounds at saturation. */
export async function saturate(
  work: Workload,
  {
    connections,
    warmupSeconds,
    rounds,
    roundSeconds,
  }: { connections: number; warmupSeconds: number; rounds: number; roundSeconds: number },
): Promise<Summary> {
  await runLoad(work, { connections, seconds: warmupSeconds });
  const runs: LoadRun[] = [];
  for (let i = 0; i < rounds; i++) runs.push(await runLoad(work, { connections, seconds: roundSeconds }));
  return summarise(runs);
}

/**
 * Saturates with `work` for `seconds` while each probe sends `rate` requests a second on one connection;
 * returns the probes' latencies (and the saturating load's own figures during that time).
 */
export async function probeDuringSaturation(
  work: Workload,
  probes: Record<string, Workload>,
  {
    connections,
    warmupSeconds,
    seconds,
    rate,
  }: { connections: number; warmupSeconds: number; seconds: number; rate: number },
): Promise<{ load: Summary; probes: Record<string, Summary> }> {
  const saturation = runLoad(work, { connections, seconds: warmupSeconds + seconds });
  await new Promise((resolve) => setTimeout(resolve, warmupSeconds * 1000));
  const entries = await Promise.all(
    Object.entries(probes).map(
      async ([name, probe]) => [name, summarise([await runLoad(probe, { connections: 1, seconds, rate })])] as const,
    ),
  );
  return { load: summarise([await saturation]), probes: Object.fromEntries(entries) };
}
