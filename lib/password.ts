import "server-only";
import os from "node:os";
import { hash, verify } from "@node-rs/argon2";
import { PASSWORD_MAX_LENGTH } from "@/lib/validation";

// argon2id at OWASP's minimum (m=19 MiB, t=2, p=1). Hashes are PHC strings, so the parameters travel with
// each hash and a hash made with older parameters is recognised and replaced at the next sign-in.
// `algorithm: 2` is Algorithm.Argon2id (a const enum that isolated modules cannot import).
export const ARGON2_PARAMS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const PHC_PARAMS = `$argon2id$v=19$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}$`;

function assertLength(password: string) {
  // Callers validate first; this guards the rule that nothing over-long is ever hashed.
  if (password.length > PASSWORD_MAX_LENGTH)
    throw new RangeError("password longer than the maximum reached the hasher");
}

// Hashes run on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which also runs
// the WebCrypto behind every Auth.js cookie, and fs and DNS work. Handed straight to the pool, a burst of
// sign-ins queued one hash per request there, and every other pool job waited behind the whole backlog: a
// signed-in page took over a second while sign-ins saturated the CPU (bench/README.md). So at most one hash
// per core runs at once, never more than the default pool less two threads kept for everything else, and
// the rest wait here in arrival order, costing nothing while they wait.
// Assumes the default pool of 4: a deployment that raises UV_THREADPOOL_SIZE on a bigger machine gets no
// more hashing from it until lib/env.ts parses that variable and this limit follows it.
const DEFAULT_POOL_THREADS = 4;
export const MAX_CONCURRENT_HASHES = Math.max(1, Math.min(os.availableParallelism(), DEFAULT_POOL_THREADS - 2));

// Next.js may load this module once per bundle (server actions, route handlers), so the count of hashes
// in flight lives on globalThis: one limit per process.
type Slots = { running: number; waiting: (() => void)[] };
const slots = ((globalThis as { __accountsHashSlots?: Slots }).__accountsHashSlots ??= { running: 0, waiting: [] });

async function inHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slots.running < MAX_CONCURRENT_HASHES) slots.running++;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, or frees up.
    const next = slots.waiting.shift();
    if (next) next();
    else slots.running--;
  }
}

/** Hashes running and waiting right now (for tests and diagnostics). */
export function hashQueue(): { running: number; waiting: number } {
  return { running: slots.running, waiting: slots.waiting.length };
}

export async function hashPassword(password: string): Promise<string> {
  assertLength(password);
  return inHashSlot(() => hash(password, ARGON2_PARAMS));
}

export function needsRehash(passwordHash: string): boolean {
  return !passwordHash.startsWith(PHC_PARAMS);
}

/** Checks a password against a stored hash. A malformed stored hash is a mismatch, never a crash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  assertLength(password);
  try {
    return await inHashSlot(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

// A real hash of a random password: verifying against it costs what a real verification costs, so an
// unknown username takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Spends one verification's worth of time, for a sign-in whose user does not exist. */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(await dummyHash, password);
  return false;
}
