import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  lockFileFor,
  lockPglite,
  pgliteHolder,
  PgliteLockedError,
  STALE_AFTER_MS,
  unlockPglite,
} from "@/lib/platform/pglite-lock";

// One process per embedded database directory: a second opener is refused with a message that names
// the holder, and a lock left behind by a dead process does not keep the app down.

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pglite-lock-"));
let n = 0;
const freshDir = () => path.join(scratch, `db${n++}`);

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Another process that takes the lock on `dir` and keeps it until killed. */
async function holderProcess(dir: string) {
  const child = spawn(
    "npx",
    [
      "tsx",
      "-e",
      `import { lockPglite } from "./lib/platform/pglite-lock.ts"; lockPglite(${JSON.stringify(dir)}); ` +
        `console.log("locked " + process.pid); setInterval(() => {}, 1000);`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const match = /locked (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return { pid, kill: () => process.kill(pid, "SIGKILL") };
}

describe("the embedded database lock", () => {
  it("refuses a second process while the first holds the directory, and names the holder", async () => {
    const dir = freshDir();
    const holder = await holderProcess(dir);
    try {
      let refusal: unknown;
      try {
        lockPglite(dir);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(PgliteLockedError);
      expect((refusal as PgliteLockedError).holder).toMatchObject({ pid: holder.pid, host: os.hostname() });
      expect((refusal as Error).message).toContain(`in use by another process (pid ${holder.pid} on ${os.hostname()}`);
    } finally {
      holder.kill();
    }
  }, 30_000);

  it("takes over a lock left by a process that was killed", async () => {
    const dir = freshDir();
    const holder = await holderProcess(dir);
    holder.kill();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The killed process could not clean up: its lock file is still there, and fresh.
    expect(JSON.parse(fs.readFileSync(lockFileFor(dir), "utf8")).pid).toBe(holder.pid);

    lockPglite(dir);
    expect(pgliteHolder(dir)).toBeNull(); // ourselves
    expect(JSON.parse(fs.readFileSync(lockFileFor(dir), "utf8")).pid).toBe(process.pid);
    unlockPglite(dir);
    expect(fs.existsSync(lockFileFor(dir))).toBe(false);
  }, 30_000);

  it("trusts another host's lock only while its heartbeat is fresh", () => {
    const dir = freshDir();
    const file = lockFileFor(dir);
    const other = { pid: 1, host: "another-container", since: new Date().toISOString(), command: "node server.js" };
    fs.writeFileSync(file, JSON.stringify(other));
    expect(() => lockPglite(dir)).toThrow(/in use by another process \(pid 1 on another-container, "node server.js"/);

    const old = new Date(Date.now() - STALE_AFTER_MS - 5_000);
    fs.utimesSync(file, old, old);
    expect(pgliteHolder(dir)).toBeNull();
    lockPglite(dir);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toMatchObject({ pid: process.pid, host: os.hostname() });
    unlockPglite(dir);
  });
});
