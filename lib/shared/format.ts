/** 86400 -> "24 hours", 1800 -> "30 minutes", 90 -> "90 seconds". */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [86400 * 2, "day"],
    [3600, "hour"],
    [60, "minute"],
  ];
  for (const [size, name] of units) {
    const divisor = name === "day" ? 86400 : size;
    if (seconds >= size && seconds % divisor === 0) {
      const count = seconds / divisor;
      return `${count} ${name}${count === 1 ? "" : "s"}`;
    }
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

/** Appends ?token= to a configured link (which may be an SPA hash route such as /#/finalize). */
export function withToken(base: string, token: string): string {
  // A hash-routed SPA reads its query from after the "#", so only that part decides between ? and &.
  const hash = base.indexOf("#");
  const routed = hash === -1 ? base : base.slice(hash);
  return `${base}${routed.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}`;
}

/** A wait for people: 40 -> "40 seconds", 3473 -> "58 minutes", 5400 -> "2 hours" (always rounded up). */
export function formatWait(seconds: number): string {
  if (seconds < 60) return formatDuration(Math.max(1, Math.ceil(seconds)));
  if (seconds < 3600) return formatDuration(Math.ceil(seconds / 60) * 60);
  return formatDuration(Math.ceil(seconds / 3600) * 3600);
}
