import http from "node:http";
import type { Workload } from "./load";
import { percentile } from "./stats";

// An open-loop load: requests start on a fixed schedule whatever happens to the earlier ones, as a crowd of
// independent clients does. A closed loop (autocannon's connections, each waiting for its answer) slows
// down with the server and so never shows what an unbounded queue does to it.

export type OpenLoopRun = {
  offered: number;
  offeredPerSecond: number;
  seconds: number;
  accepted: { count: number; perSecond: number; p50: number; p99: number };
  /** 429/503 answers; how many of them carried Retry-After. */
  refused: { count: number; p50: number; p99: number; withRetryAfter: number };
  /** Other statuses, and requests that got no answer within the timeout. */
  other: Record<string, number>;
};

export async function openLoop(
  work: Workload,
  { rate, seconds, timeoutMs = 30_000 }: { rate: number; seconds: number; timeoutMs?: number },
): Promise<OpenLoopRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const accepted: number[] = [];
  const refused: number[] = [];
  let withRetryAfter = 0;
  const other: Record<string, number> = {};
  const origin = new URL(work.origin);
  const pending: Promise<void>[] = [];
  const send = () =>
    new Promise<void>((resolve) => {
      const { method, path, headers, body } = work.next();
      const started = performance.now();
      const request = http.request(
        { host: origin.hostname, port: origin.port, method, path, headers, agent, timeout: timeoutMs },
        (response) => {
          response.resume();
          response.on("end", () => {
            const ms = performance.now() - started;
            const status = response.statusCode ?? 0;
            if (work.ok.includes(status)) accepted.push(ms);
            else if (status === 429 || status === 503) {
              refused.push(ms);
              if (response.headers["retry-after"]) withRetryAfter++;
            } else other[status] = (other[status] ?? 0) + 1;
            resolve();
          });
        },
      );
      request.on("timeout", () => request.destroy(new Error("timeout")));
      request.on("error", (error) => {
        const key = error.message === "timeout" ? "timeout" : "error";
        other[key] = (other[key] ?? 0) + 1;
        resolve();
      });
      request.end(body);
    });

  const total = Math.round(rate * seconds);
  const begin = performance.now();
  for (let i = 0; i < total; i++) {
    const due = begin + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send());
  }
  const sentIn = (performance.now() - begin) / 1000;
  await Promise.all(pending);
  const elapsed = (performance.now() - begin) / 1000;
  agent.destroy();
  return {
    offered: total,
    offeredPerSecond: total / sentIn,
    seconds: elapsed,
    accepted: {
      count: accepted.length,
      perSecond: accepted.length / elapsed,
      p50: percentile(accepted, 50),
      p99: percentile(accepted, 99),
    },
    refused: { count: refused.length, p50: percentile(refused, 50), p99: percentile(refused, 99), withRetryAfter },
    other,
  };
}
