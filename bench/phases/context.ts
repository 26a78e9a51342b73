import type { Capacity } from "../lib/capacity";
import type { Account, Target } from "../lib/targets";

// What every phase of the benchmark is given: the plan, the servers under test with their seeded accounts,
// the argon2 capacity probe, and a few helpers.

export type Plan = {
  connections: number;
  warmupSeconds: number;
  rounds: number;
  roundSeconds: number;
  ceilingSeconds: number;
  probeSeconds: number;
  probeRate: number;
  signUps: number;
  signUpWarmup: number;
  seedUsers: number;
  /** The overload phase: sign-ins offered at this multiple of the argon2 capacity, for this long. */
  overloadFactor: number;
  overloadSeconds: number;
};

export type Side = { name: "product" | "peer"; target: Target; users: Account[]; pid: number };

export type Bench = {
  plan: Plan;
  pgDir: string;
  product: Side;
  peer?: Side;
  capacity: Capacity;
  /** One hash and one verification on the idle machine. */
  single: { hashMs: number; verifyMs: number };
  log: (message: string) => void;
  /** A pause between measurements, so one's tail does not reach the next. */
  settle: () => Promise<void>;
  /** Notes the product's RSS now, after `phase`. */
  recordMemory: (phase: string) => void;
};

/** Runs `work` on the product, then on the peer when there is one. */
export async function onBoth<T>(bench: Bench, work: (side: Side) => Promise<T>): Promise<{ product: T; peer?: T }> {
  const product = await work(bench.product);
  const peer = bench.peer ? await work(bench.peer) : undefined;
  return { product, peer };
}
