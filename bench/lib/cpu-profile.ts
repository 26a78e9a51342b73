import fs from "node:fs";

// Reads a V8 .cpuprofile (node --cpu-prof) and says where the main thread's time went: self time by
// function and by origin (a package, Node's internals, the app's own bundle). Work on libuv's thread pool,
// where argon2 runs, is not in it: the profile shows what competes with requests on the event loop.

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

export type ProfileSummary = {
  seconds: number;
  /** Share of the profile by origin, largest first. */
  byOrigin: { origin: string; share: number }[];
  /** Heaviest functions by self time. */
  top: { fn: string; origin: string; share: number; via: string }[];
};

function originOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) {
    const name = modules[1];
    // Next.js bundles its own copies of react-dom & co. under next/dist/compiled.
    const compiled = /next\/dist\/compiled\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    return compiled ? `next (compiled ${compiled[1]})` : name;
  }
  if (url.startsWith("node:")) return "node (internals)";
  if (url.includes("/.next/server/")) return "app (.next/server bundle)";
  return url.replace(/^file:\/\//, "");
}

export function summariseProfile(file: string, topCount = 25): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const frameName = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || "(anonymous)"}@${url.split("/").pop()}:${lineNumber + 1}`;
  };
  /** The callers of a node, nearest first. */
  const callers = (id: number, depth: number) => {
    const chain: string[] = [];
    for (let parent = parentOf.get(id); parent !== undefined && chain.length < depth; parent = parentOf.get(parent))
      if (byId.get(parent)!.callFrame.url) chain.push(frameName(parent));
    return chain.join(" < ");
  };
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfMicros.values()].reduce((a, b) => a + b, 0) || 1;

  const origins = new Map<string, number>();
  const functions = new Map<string, { fn: string; origin: string; micros: number; via: Map<string, number> }>();
  for (const [id, micros] of selfMicros) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const origin = originOf(url, functionName);
    origins.set(origin, (origins.get(origin) ?? 0) + micros);
    const fn = `${functionName || "(anonymous)"}${url ? `:${lineNumber + 1}` : ""}`;
    const key = `${fn} ${origin}`;
    const entry = functions.get(key) ?? { fn, origin, micros: 0, via: new Map<string, number>() };
    entry.micros += micros;
    const chain = callers(id, 4);
    entry.via.set(chain, (entry.via.get(chain) ?? 0) + micros);
    functions.set(key, entry);
  }
  return {
    seconds: (profile.endTime - profile.startTime) / 1e6,
    byOrigin: [...origins]
      .map(([origin, micros]) => ({ origin, share: micros / total }))
      .sort((a, b) => b.share - a.share),
    top: [...functions.values()]
      .sort((a, b) => b.micros - a.micros)
      .slice(0, topCount)
      .map(({ fn, origin, micros, via }) => ({
        fn,
        origin,
        share: micros / total,
        // The heaviest call path into it.
        via: [...via].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "",
      })),
  };
}
