import readline from "node:readline";
import { hash, verify } from "@node-rs/argon2";
import { ARGON2_PARAMS } from "@/lib/security/password-hash";
import { median } from "./lib/stats";

// The physical limit for sign-in throughput on this machine: how many argon2id verifications a second it
// does at the product's parameters (imported from lib/security/password-hash.ts) on libuv's thread pool, whose size
// (UV_THREADPOOL_SIZE, 4 by default) bench/run.ts sets to what the server gets. It runs in a process of
// its own and measures on request, so the benchmark can interleave its rounds with the servers' rounds
// (the machine is shared; background load drifts) while the servers are idle. One JSON line per command:
//   single         -> {"threadpool","hashMs","verifyMs"}   medians of 15 sequential operations
//   rate SECONDS   -> {"perSecond"}                         verifications a second, the pool kept full
//   node --conditions=react-server --import tsx bench/argon2-capacity.ts

const threadpool = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
const password = "correct horse battery staple, bench";
const stored = await hash(password, ARGON2_PARAMS);

async function timeEach(times: number, work: () => Promise<unknown>): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await work();
    durations.push(performance.now() - start);
  }
  return durations;
}

async function verifyRate(seconds: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      if (!(await verify(stored, password))) throw new Error("verification failed");
      done++;
    }
  };
  const start = performance.now();
  // Twice the pool size in flight, so a thread never waits for the next job.
  await Promise.all(Array.from({ length: threadpool * 2 }, worker));
  return done / ((performance.now() - start) / 1000);
}

async function answer(command: string): Promise<object> {
  const [name, argument] = command.trim().split(/\s+/);
  if (name === "single") {
    await timeEach(3, () => hash(password, ARGON2_PARAMS));
    const hashMs = median(await timeEach(15, () => hash(password, ARGON2_PARAMS)));
    const verifyMs = median(await timeEach(15, () => verify(stored, password)));
    return { threadpool, params: ARGON2_PARAMS, hashMs, verifyMs };
  }
  if (name === "rate") return { perSecond: await verifyRate(Number(argument)) };
  throw new Error(`unknown command: ${command}`);
}

let queue = Promise.resolve();
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  queue = queue.then(async () => console.log(JSON.stringify(await answer(line))));
});
console.log(JSON.stringify({ ready: true }));
