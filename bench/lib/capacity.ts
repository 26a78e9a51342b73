import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import readline from "node:readline";
import { ROOT } from "./processes";

// The parent's side of bench/argon2-capacity.ts: one child process, asked for one measurement at a time.

export type Capacity = {
  single(): Promise<{ threadpool: number; hashMs: number; verifyMs: number }>;
  rate(seconds: number): Promise<number>;
  close(): void;
};

export async function startCapacityProbe(env: NodeJS.ProcessEnv): Promise<Capacity> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "bench/argon2-capacity.ts"],
    { cwd: ROOT, env, stdio: "pipe" },
  );
  child.stderr.pipe(process.stderr);
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const { value, done } = await lines.next();
    if (done) throw new Error("the argon2 capacity probe exited");
    return JSON.parse(value) as T;
  };
  await next();
  const ask = <T>(command: string) => {
    child.stdin.write(command + "\n");
    return next<T>();
  };
  return {
    single: () => ask("single"),
    rate: async (seconds) => (await ask<{ perSecond: number }>(`rate ${seconds}`)).perSecond,
    close: () => child.kill("SIGTERM"),
  };
}
