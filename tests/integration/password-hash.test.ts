import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { HASH_THREADS, hashPassword, hashQueue, JOBS_PER_THREAD, verifyPassword } from "@/lib/security/password-hash";

const PASSWORD = "a long enough password for the queue test";

describe("password hashing under load", () => {
  it("hashes on one thread per core, gives each its next job, and queues the rest", async () => {
    const stored = await hashPassword(PASSWORD);
    const capacity = HASH_THREADS * JOBS_PER_THREAD;
    const burst = Array.from({ length: capacity + 3 }, () => verifyPassword(stored, PASSWORD));
    expect(hashQueue()).toEqual({ given: Array(HASH_THREADS).fill(JOBS_PER_THREAD), waiting: 3 });
    expect(await Promise.all(burst)).toEqual(burst.map(() => true));
    expect(hashQueue()).toEqual({ given: Array(HASH_THREADS).fill(0), waiting: 0 });
  });

  it("spreads a few jobs over idle threads before doubling up", async () => {
    const stored = await hashPassword(PASSWORD);
    const pair = Array.from({ length: HASH_THREADS }, () => verifyPassword(stored, PASSWORD));
    // One job per thread: were two on one thread, a core would sit idle while they ran one after the other.
    expect(hashQueue()).toEqual({ given: Array(HASH_THREADS).fill(1), waiting: 0 });
    expect(await Promise.all(pair)).toEqual(pair.map(() => true));
  });

  it("tells a wrong password from the right one", async () => {
    const stored = await hashPassword(PASSWORD);
    expect(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect(await verifyPassword(stored, PASSWORD + "!")).toBe(false);
    expect(await verifyPassword(stored, PASSWORD)).toBe(true);
  });

  it("treats a malformed stored hash as a mismatch and keeps serving", async () => {
    const failures = await Promise.all(
      Array.from({ length: HASH_THREADS + 2 }, () => verifyPassword("not a hash", "whatever")),
    );
    expect(failures).toEqual(failures.map(() => false));
    expect(hashQueue()).toEqual({ given: Array(HASH_THREADS).fill(0), waiting: 0 });
    expect(await verifyPassword(await hashPassword(PASSWORD), PASSWORD)).toBe(true);
  });

  // Linux keeps a niceness per thread; elsewhere the threads run at normal priority.
  it.runIf(process.platform === "linux")("hashes below the event loop's CPU priority", async () => {
    await Promise.all(Array.from({ length: HASH_THREADS }, () => hashPassword(PASSWORD)));
    const niceness = (task: string) =>
      Number(fs.readFileSync(`/proc/self/task/${task}/stat`, "utf8").split(") ")[1].split(" ")[16]);
    const mainThread = niceness(String(process.pid));
    const below = fs.readdirSync("/proc/self/task").filter((task) => niceness(task) > mainThread);
    // The hash threads, and the password-strength thread once a password has been scored in this process.
    expect(below.length).toBeGreaterThanOrEqual(HASH_THREADS);
    expect(below.length).toBeLessThanOrEqual(HASH_THREADS + 1);
  });
});
