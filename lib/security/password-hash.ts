import "server-only";
import os from "node:os";
import { Worker } from "node:worker_threads";
import { hash, verify } from "@node-rs/argon2";
import { env } from "@/lib/platform/env";
import { errorMessage, log } from "@/lib/platform/log";
import { PASSWORD_MAX_LENGTH } from "@/lib/shared/validation";

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

// ---- Where hashing runs --------------------------------------------------------------------------------
// Hashing is meant to be the bottleneck, and it must not slow anything else down. The profile under
// saturated sign-ins (bench/README.md) showed two ways it did when hashes ran on libuv's thread pool, as
// @node-rs/argon2's async functions do: queued hashes held up the pool's other jobs (the WebCrypto behind
// every Auth.js cookie), and running hashes, at the same CPU priority as the event loop and PostgreSQL,
// took the cores from them. So hashes run on a few worker threads of their own, one per core, at a lower
// CPU priority (Linux sets it per thread): they get every cycle that requests and the database leave over,
// and nothing else waits for them. Requests beyond the threads wait in a queue here, costing nothing.
//
// Each thread also holds its next job: it starts that one the moment it finishes, instead of idling until
// a busy event loop reads its result and hands it more (under saturated sign-ins that wait left a core
// idle about a fifth of the time). Only one hash per thread runs at a time, so memory stays one hash's.

export const HASH_THREADS = Math.max(1, os.availableParallelism());
/** Jobs given to a thread at once: the one it runs and the one it starts next. */
export const JOBS_PER_THREAD = 2;
/** How far below the process's CPU priority the threads that do a password's heavy work run (hashes, and the strength check). */
const HASH_NICENESS = 10;
/** The line of a thread's source that lowers its priority so far (Linux sets it per thread; elsewhere it is ignored). */
export const LOWER_THREAD_PRIORITY = `try { os.setPriority(Math.min(19, os.getPriority() + ${HASH_NICENESS})); } catch {}`;

// The worker is plain CommonJS given as source (no file for the bundler to trace); it loads
// @node-rs/argon2 from the working directory's node_modules, where `next start` and the tests run.
const WORKER_SOURCE = `
const os = require("node:os");
const { parentPort } = require("node:worker_threads");
const { hashSync, verifySync } = require("@node-rs/argon2");
${LOWER_THREAD_PRIORITY}
parentPort.on("message", (job) => {
  try {
    const result = job.op === "hash" ? hashSync(job.password, job.options) : verifySync(job.hash, job.password);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
});`;

type Work =
  { op: "hash"; password: string; options: typeof ARGON2_PARAMS } | { op: "verify"; hash: string; password: string };
type Job = { work: Work; resolve: (value: string | boolean) => void; reject: (error: Error) => void };
/** A worker thread and the jobs given to it, whose replies come back in the order they were posted. */
type HashThread = { given: Job[]; run: (job: Job) => void };
type Pool = { threads: HashThread[]; queue: Job[]; failed: boolean; admitted: number };

// Next.js may load this module once per bundle (server actions, route handlers), so the pool lives on
// globalThis: one per process. Threads start on first use, never during `next build`.
const pool = ((globalThis as { __accountsHashPool?: Pool }).__accountsHashPool ??= {
  threads: [],
  queue: [],
  failed: false,
  admitted: 0,
});

/** Runs a job on the libuv pool instead: the fallback where worker threads cannot load argon2. */
function runInProcess({ work, resolve, reject }: Job) {
  (work.op === "hash" ? hash(work.password, work.options) : verify(work.hash, work.password)).then(resolve, reject);
}

function startThread(): HashThread {
  // A thread holds one small script and a few strings at a time (~5 MB of heap); the limits keep V8 from
  // growing its default young generation (16 MB semi-spaces) in each thread, and turn a leak into a thread
  // error (handled below) instead of a process that grows until the host kills it.
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
  });
  worker.unref();
  const thread: HashThread = {
    given: [],
    run(job) {
      thread.given.push(job);
      worker.postMessage(job.work);
    },
  };
  worker.on("message", (reply: { result?: string | boolean; error?: string }) => {
    const job = thread.given.shift()!;
    if (reply.error === undefined) job.resolve(reply.result!);
    else job.reject(new Error(reply.error));
    const next = pool.queue.shift();
    if (next) thread.run(next);
  });
  worker.on("error", (error) => {
    // A thread that cannot load argon2 (or died) hands its jobs and the queue to the in-process path, which
    // serves from then on.
    if (!pool.failed) log.error("password hashing falls back to libuv's pool", { error: errorMessage(error) });
    pool.failed = true;
    pool.threads = pool.threads.filter((other) => other !== thread);
    for (const job of [...thread.given.splice(0), ...pool.queue.splice(0)]) runInProcess(job);
  });
  return thread;
}

function submit(work: Work): Promise<string | boolean> {
  return new Promise((resolve, reject) => {
    const job = { work, resolve, reject };
    if (pool.failed) return runInProcess(job);
    // An idle thread, else a new one (up to HASH_THREADS), else the least loaded with room, else the queue.
    let thread = pool.threads.find((candidate) => candidate.given.length === 0);
    if (!thread && pool.threads.length < HASH_THREADS) pool.threads.push((thread = startThread()));
    thread ??= pool.threads.find((candidate) => candidate.given.length < JOBS_PER_THREAD);
    if (thread) thread.run(job);
    else pool.queue.push(job);
  });
}

/** Jobs given to each thread (running or next in line there) and waiting here, right now. */
export function hashQueue(): { given: number[]; waiting: number } {
  return { given: pool.threads.map((thread) => thread.given.length), waiting: pool.queue.length };
}

// ---- Admission -----------------------------------------------------------------------------------------
// Under a flood, an unbounded queue here makes every sign-in slow and the process grow: each waiting request
// holds its body, its database work done so far and a connection's worth of state. So the flows that need a
// hash (sign-in, sign-up) first ask for admission, before any database work; beyond the limit they are refused
// at once (503 with Retry-After), and those admitted keep the latency of a short queue. The default, 8 per hash
// thread, lets the last admitted wait about 4 hashes' time per thread behind the one running (well under a
// second at this machine's argon2 rate), and keeps the threads busy between bursts. The JSON API's sign-ins
// and sign-ups meet the same limit earlier, at the server entry, before Next.js reads them
// (lib/http/entry-admission.ts).

export const HASH_ADMISSION_LIMIT = env.HASH_ADMISSION_LIMIT ?? 8 * HASH_THREADS;

/** Seconds a refused client is told to wait: enough for the admitted work to drain. */
export const ADMISSION_RETRY_AFTER_SECONDS = 1;

export type Admission = { release: () => void };

/**
 * A place counted on `places.admitted`, or null when it has reached `limit`. Release it when done; a place is
 * given back once, however often it is released.
 */
export function takePlace(places: { admitted: number }, limit: number): Admission | null {
  if (places.admitted >= limit) return null;
  places.admitted += 1;
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      places.admitted -= 1;
    },
  };
}

/** A place among the flows waiting for a hash, or null when the limit is reached. Release it when done. */
export function admitHashWork(): Admission | null {
  return takePlace(pool, HASH_ADMISSION_LIMIT);
}

// ---- API -----------------------------------------------------------------------------------------------

export async function hashPassword(password: string): Promise<string> {
  assertLength(password);
  return (await submit({ op: "hash", password, options: ARGON2_PARAMS })) as string;
}

export function needsRehash(passwordHash: string): boolean {
  return !passwordHash.startsWith(PHC_PARAMS);
}

/**
 * Checks a password against a stored hash. A malformed stored hash is a mismatch, never a crash; no hash
 * (an account that signs in only through a provider) is a mismatch that takes as long as a real check.
 */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) return verifyDummyPassword(password);
  assertLength(password);
  try {
    return (await submit({ op: "verify", hash: passwordHash, password })) === true;
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
