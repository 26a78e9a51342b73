import { probeDuringSaturation, runLoad, summarise, type Summary } from "../lib/load";
import { onBoth, type Bench } from "./context";

// Responsiveness while sign-ins saturate the CPU: GET /api/health and a signed-in page, each at a steady
// rate on one connection, first on the idle server, then under sign-in saturation.

type Probes = { health: Summary; account: Summary };
export type ResponsivenessResult = { load: Summary; probes: Probes; idle: Probes };

export async function responsivenessPhase(bench: Bench): Promise<{ product: ResponsivenessResult; peer?: ResponsivenessResult }> {
  const { plan } = bench;
  bench.log(
    `responsiveness: health and signed-in page at ${plan.probeRate}/s each for ${plan.probeSeconds} s under sign-in saturation`,
  );
  const result = await onBoth(bench, async ({ target, users }) => {
    const probes = { health: target.health, account: await target.account(users[0]) };
    const idle = {
      health: summarise([await runLoad(probes.health, { connections: 1, seconds: 5, rate: plan.probeRate })]),
      account: summarise([await runLoad(probes.account, { connections: 1, seconds: 5, rate: plan.probeRate })]),
    };
    const measured = await probeDuringSaturation(target.signIn(users), probes, {
      connections: plan.connections,
      warmupSeconds: plan.warmupSeconds,
      seconds: plan.probeSeconds,
      rate: plan.probeRate,
    });
    await bench.settle();
    return { ...(measured as { load: Summary; probes: Probes }), idle };
  });
  bench.recordMemory("responsiveness");
  return result;
}
