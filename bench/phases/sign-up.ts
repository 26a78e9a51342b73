import { runLoad, summarise, type Summary } from "../lib/load";
import { onBoth, type Bench } from "./context";

// Sign-up latency: sign-ups one at a time after a warm-up, to compare with one hash on the idle machine.

export async function signUpPhase(bench: Bench): Promise<{ product: Summary; peer?: Summary }> {
  const { plan } = bench;
  bench.log(`sign-up latency: ${plan.signUps} sign-ups one at a time, after ${plan.signUpWarmup} warm-up`);
  const result = await onBoth(bench, async ({ target }) => {
    const work = target.signUp();
    await runLoad(work, { connections: 1, amount: plan.signUpWarmup });
    const summary = summarise([await runLoad(work, { connections: 1, amount: plan.signUps })]);
    await bench.settle();
    return summary;
  });
  bench.recordMemory("sign-ups");
  return result;
}
