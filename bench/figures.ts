import type { FirstLoad } from "./lib/first-load";
import type { Summary } from "./lib/load";
import { makeFigure, type Figure, type FigureInput } from "./lib/report";
import { round } from "./lib/stats";
import type { BearerResult } from "./phases/bearer";
import type { Plan } from "./phases/context";
import { RSS_SAMPLE_MS, type OverloadResult } from "./phases/overload";
import type { PoolerResult } from "./phases/pooler";
import type { ResponsivenessResult } from "./phases/responsiveness";
import type { SignInResult } from "./phases/sign-in";

// The targets (bench/README.md lists them) and the figures that check them, from the phases' results.

export const TARGETS = {
  signIn: "Sign-ins ÷ argon2 ceiling ≥ peer's + 5 points",
  overload: "4× overload: refused fast, accepted p99 < 1 s, probes p99 < 100 ms, memory flat",
  responsive: "p99 < 50 ms with sign-ins at capacity",
  bearer: "Bearer route ≥ 70% of bare route",
  signUp: "Sign-up p50 within 20 ms of a hash",
  bundle: "App's first-load JS ≤ 15 kB gzipped over the runtime",
  memory: "Peak RSS through the run ≤ 256 MB",
  pooler: "The same behind PgBouncer (transaction mode)",
} as const;

/** Growth of RSS while the flood lasts that still counts as flat. */
export const FLAT_MEMORY_MB = 32;
/**
 * The flood's first second, which the flatness check leaves out: at once every hash thread holds one
 * argon2id hash's memory (m=19 MiB each, freed when the threads go idle again), whatever the load. What must
 * not happen is growth after that, from work queued without bound.
 */
const FLOOD_START_MS = 1000;

export type Results = {
  plan: Plan;
  threadpool: string;
  single: { hashMs: number; verifyMs: number };
  signInVia: string;
  signUpVia: string;
  firstLoad: { pages: Record<string, FirstLoad>; framework: { chunks: number; gzipKb: number } };
  signUp: { product: Summary; peer?: Summary };
  signIn: SignInResult;
  responsiveness: { product: ResponsivenessResult; peer?: ResponsivenessResult };
  bearer?: BearerResult;
  bareNote?: string;
  barePath: string;
  overload?: { product: OverloadResult; peer?: OverloadResult };
  pooler?: PoolerResult;
  memory: {
    product: { rssMb: number; peakRssMb: number } | null;
    peer: { rssMb: number; peakRssMb: number } | null;
    productRssMbAfter: Record<string, number | undefined>;
  };
};

export function figuresOf(r: Results): Figure[] {
  const figures: Figure[] = [];
  const add = (f: FigureInput) => figures.push(makeFigure(f));
  const { plan, signIn } = r;
  const peer = signIn.peer;

  // -- Sign-in --
  add({
    id: "argon2_ceiling",
    target: TARGETS.signIn,
    measure: `argon2id verify capacity (pool ${r.threadpool})`,
    unit: "/s",
    product: signIn.ceiling.perSecond,
    peer: peer ? signIn.ceiling.perSecond : null,
    goal: "",
    note: `median of ${plan.rounds} rounds of ${plan.ceilingSeconds} s, spread ${round(signIn.ceiling.spread * 100, 0)}%; m=19456 KiB, t=2, p=1`,
  });
  add({
    id: "signin_throughput",
    target: TARGETS.signIn,
    measure: "sign-ins/s at saturation",
    unit: "/s",
    product: signIn.product.summary.perSecond,
    peer: peer?.summary.perSecond ?? null,
    goal: "",
    note:
      `product through ${r.signInVia}; spread over rounds ${round(signIn.product.summary.spread * 100, 0)}%` +
      (peer ? `, peer ${round(peer.summary.spread * 100, 0)}%` : ""),
  });
  add({
    id: "signin_ratio",
    target: TARGETS.signIn,
    measure: "sign-ins ÷ ceiling",
    unit: "%",
    product: signIn.product.ratio,
    peer: peer?.ratio ?? null,
    goal: "≥ peer + 5 points",
    checkAgainstPeer: (product, peerRatio) => product >= peerRatio + 0.05,
  });
  for (const [key, label] of [
    ["mainThreadMs", "CPU per sign-in: server main thread"],
    ["processMs", "CPU per sign-in: whole server"],
    ["postgresMs", "CPU per sign-in: PostgreSQL"],
    ["loadGeneratorMs", "CPU per sign-in: load generator"],
  ] as const)
    add({
      id: `signin_cpu_${key}`,
      target: TARGETS.signIn,
      measure: label,
      unit: "ms",
      product: signIn.product.cpu[key],
      peer: peer?.cpu[key] ?? null,
      goal: "",
      note:
        key === "processMs"
          ? `the whole server includes its hashing threads; one verification alone is ${round(r.single.verifyMs)} ms`
          : key === "loadGeneratorMs"
            ? "autocannon shares the cores with the servers, the ceiling's rounds do not pay for it"
            : undefined,
    });
  for (const p of ["p50", "p99"] as const)
    add({
      id: `signin_${p}`,
      target: TARGETS.signIn,
      measure: `sign-in ${p} (${plan.connections} connections)`,
      unit: "ms",
      product: signIn.product.summary[p],
      peer: peer?.summary[p] ?? null,
      goal: "",
    });

  // -- Overload --
  if (r.overload) {
    const { product: o, peer: po } = r.overload;
    const refusedNote = (run: OverloadResult) =>
      `${run.signIns.offered} offered at ${round(run.signIns.offeredPerSecond, 0)}/s: ${run.signIns.accepted.count} accepted, ` +
      `${run.signIns.refused.count} refused (${run.signIns.refused.withRetryAfter} with Retry-After)` +
      (Object.keys(run.signIns.other).length ? `, other ${JSON.stringify(run.signIns.other)}` : "");
    add({
      id: "overload_accepted_rate",
      target: TARGETS.overload,
      measure: `sign-ins accepted/s (offered ${o.rate}/s)`,
      unit: "/s",
      product: o.signIns.accepted.perSecond,
      peer: po?.signIns.accepted.perSecond ?? null,
      goal: "",
      note: `product: ${refusedNote(o)}` + (po ? `; peer: ${refusedNote(po)}` : ""),
    });
    add({
      id: "overload_refused_p99",
      target: TARGETS.overload,
      measure: "refusals (429/503) p99",
      unit: "ms",
      product: o.signIns.refused.count ? o.signIns.refused.p99 : null,
      peer: po?.signIns.refused.count ? po.signIns.refused.p99 : null,
      goal: "< 50 ms",
      check: (v) => v < 50,
    });
    add({
      id: "overload_accepted_p99",
      target: TARGETS.overload,
      measure: "accepted sign-ins p99",
      unit: "ms",
      product: o.signIns.accepted.p99,
      peer: po?.signIns.accepted.p99 ?? null,
      goal: "< 1000 ms",
      check: (v) => v < 1000,
    });
    for (const probe of ["health", "account"] as const)
      add({
        id: `overload_${probe}_p99`,
        target: TARGETS.overload,
        measure: `${probe === "health" ? "GET /api/health" : "GET /account signed in"} p99`,
        unit: "ms",
        product: o.probes[probe].p99,
        peer: po?.probes[probe].p99 ?? null,
        goal: "< 100 ms",
        check: (v) => v < 100,
      });
    const rssNote = (run: OverloadResult) => {
      const { before, after } = run.rssMb;
      const { first, rest } = floodRss(run);
      return `${round(before, 0)} before → ${round(first, 0)} in the first second → peak ${round(rest, 0)} after it → ${round(after, 0)} MB`;
    };
    add({
      id: "overload_rss_growth",
      target: TARGETS.overload,
      measure: "RSS, the flood's peak − before it",
      unit: "MB",
      product: o.rssMb.peak - o.rssMb.before,
      peer: po ? po.rssMb.peak - po.rssMb.before : null,
      goal: "",
      note: "includes the first second's step: each hash thread holds one hash's argon2id memory (19 MiB) while it works",
    });
    add({
      id: "overload_rss_flood_growth",
      target: TARGETS.overload,
      measure: "RSS growth while the flood lasts (after its first second)",
      unit: "MB",
      product: floodRss(o).growth,
      peer: po ? floodRss(po).growth : null,
      goal: `≤ ${FLAT_MEMORY_MB} MB`,
      check: (v) => v <= FLAT_MEMORY_MB,
      note: `product RSS ${rssNote(o)}` + (po ? `; peer ${rssNote(po)}` : ""),
    });
  }

  // -- Responsiveness at saturation --
  const resp = r.responsiveness;
  for (const probe of ["health", "account"] as const) {
    const label = probe === "health" ? "GET /api/health (peer /health)" : "GET /account signed in";
    add({
      id: `${probe}_p99_idle`,
      target: TARGETS.responsive,
      measure: `${label} p99, idle server`,
      unit: "ms",
      product: resp.product.idle[probe].p99,
      peer: resp.peer?.idle[probe].p99 ?? null,
      goal: "",
    });
    for (const p of ["p50", "p99"] as const) {
      const failed = resp.product.probes[probe].failed + resp.product.probes[probe].errors;
      add({
        id: `${probe}_${p}_under_load`,
        target: TARGETS.responsive,
        measure: `${label} ${p}`,
        unit: "ms",
        product: resp.product.probes[probe][p],
        peer: resp.peer?.probes[probe][p] ?? null,
        goal: p === "p99" ? "< 50 ms" : "",
        check: p === "p99" ? (v) => v < 50 : undefined,
        note: p === "p99" && failed > 0 ? `${failed} product probe requests failed` : undefined,
      });
    }
  }

  // -- Bearer --
  const unavailable = "GET /api/protected or POST /api/login is not available in this build";
  add({
    id: "bare_rps",
    target: TARGETS.bearer,
    measure: `GET ${r.barePath} (no auth) req/s`,
    unit: "/s",
    product: r.bearer?.bare.perSecond ?? null,
    peer: null,
    goal: "",
    note: [r.bearer ? undefined : unavailable, r.bareNote].filter(Boolean).join("; ") || undefined,
  });
  add({
    id: "protected_rps",
    target: TARGETS.bearer,
    measure: "GET /api/protected (Bearer) req/s",
    unit: "/s",
    product: r.bearer?.protected.perSecond ?? null,
    peer: null,
    goal: "",
  });
  add({
    id: "protected_ratio",
    target: TARGETS.bearer,
    measure: "protected ÷ bare",
    unit: "%",
    product: r.bearer?.ratio ?? null,
    peer: null,
    goal: "≥ 70%",
    check: (v) => v >= 0.7,
  });

  // -- Sign-up --
  const { signUp } = r;
  add({
    id: "hash_ms",
    target: TARGETS.signUp,
    measure: "one argon2id hash (idle)",
    unit: "ms",
    product: r.single.hashMs,
    peer: signUp.peer ? r.single.hashMs : null,
    goal: "",
  });
  for (const p of ["p50", "p99"] as const)
    add({
      id: `signup_${p}`,
      target: TARGETS.signUp,
      measure: `sign-up ${p}, one at a time`,
      unit: "ms",
      product: signUp.product[p],
      peer: signUp.peer?.[p] ?? null,
      goal: "",
      note:
        p === "p50"
          ? `product through ${r.signUpVia}; ${signUp.product.samples} sign-ups, ${signUp.product.failed} failed`
          : undefined,
    });
  add({
    id: "signup_over_hash",
    target: TARGETS.signUp,
    measure: "sign-up p50 − one hash",
    unit: "ms",
    product: signUp.product.p50 - r.single.hashMs,
    peer: signUp.peer ? signUp.peer.p50 - r.single.hashMs : null,
    goal: "≤ 20 ms",
    check: (v) => v <= 20,
  });

  // -- Pages --
  const { pages, framework } = r.firstLoad;
  add({
    id: "first_load_js_framework",
    target: TARGETS.bundle,
    measure: `Next.js + React runtime (${framework.chunks} chunks)`,
    unit: "kB",
    product: framework.gzipKb,
    peer: null,
    goal: "",
    note: "the rootMainFiles of .next/build-manifest.json, loaded by every page: the floor under any page of this build",
  });
  for (const [page, load] of Object.entries(pages)) {
    add({
      id: `first_load_js_${page.slice(1)}`,
      target: TARGETS.bundle,
      measure: `${page} in all (${load.chunks} chunks)`,
      unit: "kB",
      product: load.gzipKb,
      peer: null,
      goal: "",
    });
    add({
      id: `first_load_js_${page.slice(1)}_own`,
      target: TARGETS.bundle,
      measure: `${page} over the runtime`,
      unit: "kB",
      product: load.gzipKb - framework.gzipKb,
      peer: null,
      goal: "≤ 15 kB",
      check: (v) => v <= 15,
    });
  }

  // -- Memory --
  const { memory } = r;
  add({
    id: "rss_peak",
    target: TARGETS.memory,
    measure: "server peak RSS (VmHWM) through the run",
    unit: "MB",
    product: memory.product?.peakRssMb ?? null,
    peer: memory.peer?.peakRssMb ?? null,
    goal: "≤ 256 MB",
    check: (v) => v <= 256,
    note: `product RSS after each phase: ${Object.entries(memory.productRssMbAfter)
      .map(([phase, mb]) => `${phase} ${round(mb ?? NaN, 0)}`)
      .join(", ")} MB`,
  });
  add({
    id: "rss_after_run",
    target: TARGETS.memory,
    measure: "server RSS after the run",
    unit: "MB",
    product: memory.product?.rssMb ?? null,
    peer: memory.peer?.rssMb ?? null,
    goal: "",
  });

  // -- Behind PgBouncer --
  if (r.pooler) {
    const { pooler } = r;
    add({
      id: "pooler_signin_ratio",
      target: TARGETS.pooler,
      measure: "sign-ins ÷ ceiling: direct | through PgBouncer",
      unit: "%",
      product: pooler.pooled.ratio,
      peer: null,
      goal: "",
      note:
        `direct ${round(pooler.direct.ratio * 100, 0)}%, through PgBouncer ${round(pooler.pooled.ratio * 100, 0)}% ` +
        `(${round(pooler.pooled.summary.perSecond)}/s, ${pooler.pooled.summary.failed} failed, ${pooler.pooled.summary.errors} errors)`,
    });
    add({
      id: "pooler_signin_p99",
      target: TARGETS.pooler,
      measure: "sign-in p99 through PgBouncer",
      unit: "ms",
      product: pooler.pooled.summary.p99,
      peer: null,
      goal: "",
    });
    if (pooler.bearer) {
      add({
        id: "pooler_protected_ratio",
        target: TARGETS.pooler,
        measure: "Bearer ÷ bare through PgBouncer",
        unit: "%",
        product: pooler.bearer.ratio,
        peer: null,
        goal: "≥ 70%",
        check: (v) => v >= 0.7,
        note:
          `GET /api/protected ${round(pooler.bearer.protected.perSecond)}/s, ${pooler.bearer.protected.failed} failed, ` +
          `${pooler.bearer.protected.errors} errors; statuses ${JSON.stringify(pooler.bearer.protected.statuses)}`,
      });
    }
  }
  return figures;
}

/**
 * The flood's peak RSS in its first second and after it, and the growth from the one to the other (not a
 * number, so "n/a" and no verdict, when a flood too short left no samples after its first second).
 */
function floodRss({ rssMb }: OverloadResult) {
  const startSamples = FLOOD_START_MS / RSS_SAMPLE_MS;
  const first = Math.max(...rssMb.samples.slice(0, startSamples));
  const rest = Math.max(...rssMb.samples.slice(startSamples));
  return { first, rest, growth: rest - first };
}
