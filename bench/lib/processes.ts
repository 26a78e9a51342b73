import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// The servers the benchmark starts. Each child is tracked by its pid and stopped by it, on success, on
// failure and on Ctrl-C, so a run never leaves a server behind (nothing is ever killed by name).

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const running = new Map<number, { label: string; child: ChildProcess }>();

export type Started = { label: string; child: ChildProcess; pid: number; log: string };

export function startProcess(
  label: string,
  args: string[],
  options: { env: Record<string, string | undefined>; cwd?: string; logDir: string },
): Started {
  const log = path.join(options.logDir, `${label}.log`);
  const out = fs.openSync(log, "a");
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env as NodeJS.ProcessEnv,
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`${label} did not start`);
  running.set(child.pid, { label, child });
  child.once("exit", () => running.delete(child.pid!));
  return { label, child, pid: child.pid, log };
}

/** Sends `signal`, waits for the exit, and kills the process if it does not exit in time. */
export async function stopProcess(started: Started, signal: NodeJS.Signals = "SIGTERM", timeoutMs = 15_000) {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** Last resort on an abnormal exit: kill what is still running, by pid. */
export function killAllStarted() {
  for (const [pid] of running) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** Polls `url` until it answers `status`, or fails with the server's log. */
export async function waitForHttp(url: string, started: Started, timeoutMs = 60_000, status = 200) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) break;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status === status) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${started.label} did not answer ${url} with ${status}; its log:\n${tail(started.log)}`);
}

/** Runs a command to completion (inheriting output) and fails loudly when it fails. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT) {
  const result = spawnSync(command, args, { cwd, env, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed with ${result.status}`);
}

/** A private PostgreSQL (scripts/postgres.sh) in `dir`; returns its server URL. */
export function startPostgres(dir: string, port: number): string {
  // cwd "/": the server runs as the postgres user, who may not enter the checkout.
  const result = spawnSync(path.join(ROOT, "scripts", "postgres.sh"), ["start", dir, String(port)], {
    cwd: "/",
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`PostgreSQL did not start: ${result.stderr}`);
  return result.stdout.trim();
}

export function stopPostgres(dir: string) {
  spawnSync(path.join(ROOT, "scripts", "postgres.sh"), ["stop", dir], { cwd: "/", stdio: "ignore" });
}

/** Resident and peak memory of a process, in MB, from /proc (Linux). */
export function memoryOf(pid: number): { rssMb: number; peakRssMb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rssMb: kb("VmRSS") / 1024, peakRssMb: kb("VmHWM") / 1024 };
  } catch {
    return null;
  }
}

export { ROOT };
