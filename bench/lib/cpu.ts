import { execFileSync } from "node:child_process";
import fs from "node:fs";

// CPU time used by the servers under test, from /proc (Linux): the whole process (argon2's pool threads
// included), its main thread alone (the event loop), PostgreSQL's backends, and the load generator. Divided by the sign-ins a
// round completed, it says what each sign-in costs beyond its argon2 verification.

const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim() || 100);

/** utime + stime of a /proc stat file, in ms (the command name may hold spaces, so parse after ")"). */
function cpuMs(statFile: string): number {
  try {
    const fields = fs.readFileSync(statFile, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The postmaster and its children (the backends serving every database of the private cluster). */
function postgresPids(pgDir: string): number[] {
  const postmaster = Number(fs.readFileSync(`${pgDir}/postmaster.pid`, "utf8").split("\n")[0]);
  const pids = [postmaster];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      if (parent === postmaster) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

export type CpuSample = { processMs: number; mainThreadMs: number; postgresMs: number; loadGeneratorMs: number };
/** A sample keeps each backend apart: backends come and go (pools close idle connections). */
export type CpuSnapshot = Omit<CpuSample, "postgresMs"> & { postgres: Map<number, number> };

export function sampleCpu(pid: number, pgDir: string): CpuSnapshot {
  return {
    processMs: cpuMs(`/proc/${pid}/stat`),
    mainThreadMs: cpuMs(`/proc/${pid}/task/${pid}/stat`),
    postgres: new Map(postgresPids(pgDir).map((backend) => [backend, cpuMs(`/proc/${backend}/stat`)])),
    // The benchmark's own process: autocannon shares the machine's cores with the servers.
    loadGeneratorMs: cpuMs(`/proc/${process.pid}/stat`),
  };
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuSample {
  let postgresMs = 0;
  // A backend that exited in between is missing from `after` and its last moments are not counted.
  for (const [backend, ms] of after.postgres) postgresMs += ms - (before.postgres.get(backend) ?? 0);
  return {
    processMs: after.processMs - before.processMs,
    mainThreadMs: after.mainThreadMs - before.mainThreadMs,
    postgresMs,
    loadGeneratorMs: after.loadGeneratorMs - before.loadGeneratorMs,
  };
}
