import { runLoad, summarise, type Summary } from "../lib/load";
import { median } from "../lib/stats";
import type { Account, Target } from "../lib/targets";
import type { Plan } from "./context";

// A Bearer-authenticated route against the bare one, in interleaved rounds.

export type BearerResult = { bare: Summary; protected: Summary; ratio: number };

export async function bearerPhase(target: Target, user: Account, plan: Plan): Promise<BearerResult | undefined> {
  if (!target.bearer) return undefined;
  const routes = await target.bearer(user);
  const runs = { bare: [] as Awaited<ReturnType<typeof runLoad>>[], protected: [] as Awaited<ReturnType<typeof runLoad>>[] };
  for (const name of ["bare", "protected"] as const)
    await runLoad(routes[name], { connections: plan.connections, seconds: plan.warmupSeconds });
  for (let i = 0; i < plan.rounds; i++)
    for (const name of ["bare", "protected"] as const)
      runs[name].push(await runLoad(routes[name], { connections: plan.connections, seconds: plan.roundSeconds }));
  return {
    bare: summarise(runs.bare),
    protected: summarise(runs.protected),
    ratio: median(runs.protected.map((run, i) => run.perSecond / runs.bare[i].perSecond)),
  };
}
