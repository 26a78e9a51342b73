import "server-only";
import { after } from "next/server";
import { errorMessage, log } from "@/lib/platform/log";

// Work that must not make a response slower or longer when it does more (sending a reset link to a known
// address, say): the response would otherwise reveal whether the address exists. The work runs detached;
// inside a request it is also handed to Next.js's after(), which keeps serverless functions alive until it ends.

const pending = new Set<Promise<void>>();

export function inBackground(label: string, work: () => Promise<unknown>) {
  const promise = work().then(
    () => undefined,
    (error) => log.error(`background work failed: ${label}`, { error: errorMessage(error) }),
  );
  pending.add(promise);
  void promise.finally(() => pending.delete(promise));
  try {
    after(promise);
  } catch {
    // Outside a request (tests, the CLI): the detached promise is enough.
  }
}

/** Resolves when all background work started so far has finished (tests, graceful shutdown). */
export async function backgroundIdle(): Promise<void> {
  while (pending.size) await Promise.all(pending);
}
