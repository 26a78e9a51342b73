import fs from "node:fs";
import os from "node:os";

// PGlite is PostgreSQL compiled into the process: it does not share a data directory, and a second process
// opening the same one is not refused (the first one's writes are then lost). So every opener holds a lock
// file beside the directory: `<dir>.lock` with its PID and host, touched every few seconds while it runs.

const HEARTBEAT_MS = 5_000;
/** A lock not touched for this long is left over from a process that died without cleaning up. */
export const STALE_AFTER_MS = 30_000;

export type LockHolder = { pid: number; host: string; since: string; command: string };

export class PgliteLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${dir} is in use by another process (pid ${holder.pid} on ${holder.host}, ` +
        `"${holder.command}", since ${holder.since}). Only one process can open an embedded database: stop the ` +
        `app (or that process) first, or set DATABASE_URL to use PostgreSQL, which any number of processes share.`,
    );
  }
}

export function lockFileFor(dir: string): string {
  return `${dir.replace(/[/\\]+$/, "")}.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The process holding `dir`, or null when it is free (no lock, or a lock left by a dead process). */
export function pgliteHolder(dir: string): LockHolder | null {
  const file = lockFileFor(dir);
  let holder: LockHolder;
  let touched: number;
  try {
    holder = JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder;
    touched = fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
  if (Date.now() - touched > STALE_AFTER_MS) return null;
  // On this host the PID settles it. Another host (a second container on a shared volume) cannot be
  // asked, so only the heartbeat tells; a restarted container can reuse its predecessor's PID, hence
  // "ourselves" counts as free.
  if (holder.host === os.hostname() && (holder.pid === process.pid || !alive(holder.pid))) return null;
  return holder;
}

function createExclusively(temp: string, file: string) {
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw error;
    // A filesystem without hard links: exclusive create, whose only risk is a reader seeing it half-written.
    fs.writeFileSync(file, fs.readFileSync(temp), { flag: "wx" });
  }
}

type Held = { file: string; timer: NodeJS.Timeout };
// On globalThis because Next.js may load this module once per bundle; the locks belong to the process.
const held = ((globalThis as { __pgliteLocks?: Map<string, Held> }).__pgliteLocks ??= new Map<string, Held>());

/** Takes the lock on `dir` for this process, or throws PgliteLockedError naming the holder. */
export function lockPglite(dir: string): void {
  if (held.has(dir)) return;
  const file = lockFileFor(dir);
  const me: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    since: new Date().toISOString(),
    command: process.argv.slice(1, 3).join(" ").slice(0, 200),
  };
  // Written aside, then hard-linked into place: the link is atomic and fails when a lock exists, so a
  // reader never sees half a file and of two processes starting together exactly one gets the lock.
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(me));
  try {
    for (;;) {
      try {
        createExclusively(temp, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const holder = pgliteHolder(dir);
        if (holder) throw new PgliteLockedError(dir, holder);
        fs.rmSync(file, { force: true }); // left by a process that is gone
      }
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }

  const timer = setInterval(() => {
    const at = new Date();
    try {
      fs.utimesSync(file, at, at);
    } catch {
      // Deleted by hand: nothing to keep fresh.
    }
  }, HEARTBEAT_MS);
  timer.unref();
  held.set(dir, { file, timer });
}

/** Releases the lock if this process holds it. */
export function unlockPglite(dir: string): void {
  const lock = held.get(dir);
  if (!lock) return;
  clearInterval(lock.timer);
  held.delete(dir);
  try {
    const holder = JSON.parse(fs.readFileSync(lock.file, "utf8")) as LockHolder;
    if (holder.pid === process.pid && holder.host === os.hostname()) fs.rmSync(lock.file);
  } catch {
    // Already gone.
  }
}

// A process that exits without disconnecting (Ctrl-C in a CLI, an uncaught error) still frees the
// directory; after a SIGKILL the lock goes stale instead.
process.once("exit", () => {
  for (const dir of [...held.keys()]) unlockPglite(dir);
});
