import { round } from "./stats";

// The figures table: one row per figure, product and peer side by side, each checked against its target.

export type Figure = {
  id: string;
  /** The target this figure checks (or informs). */
  target: string;
  measure: string;
  unit: string;
  product: number | null;
  peer: number | null;
  /** The target as a bound, e.g. "≥ 85%"; empty for a figure that only informs. */
  goal: string;
  productMeets: boolean | null;
  peerMeets: boolean | null;
  note?: string;
};

export type FigureInput = Omit<Figure, "productMeets" | "peerMeets"> & {
  /** The target's check; a figure without one only informs. */
  check?: (value: number) => boolean;
  /** A check of the product's figure that needs the peer's (e.g. "5 points above the peer"). */
  checkAgainstPeer?: (product: number, peer: number) => boolean;
};

export function makeFigure({ check, checkAgainstPeer, ...rest }: FigureInput): Figure {
  const finite = (value: number | null): value is number => value !== null && Number.isFinite(value);
  const meets = (value: number | null) => (check && finite(value) ? check(value) : null);
  const productMeets = checkAgainstPeer
    ? finite(rest.product) && finite(rest.peer)
      ? checkAgainstPeer(rest.product, rest.peer)
      : null
    : meets(rest.product);
  return { ...rest, productMeets, peerMeets: checkAgainstPeer ? null : meets(rest.peer) };
}

export function format(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  if (unit === "%") return `${round(value * 100, 0)}%`;
  return `${round(value, value >= 100 ? 0 : 1)} ${unit}`;
}

/** Prints the table (with the change of each product figure since `previous`) and the notes under it. */
export function printTable(figures: Figure[], previous: Figure[] | undefined) {
  const last = new Map(previous?.map((f) => [f.id, f.product]));
  const yes = (meets: boolean | null) => (meets === null ? "" : meets ? "yes" : "NO");
  const rows = figures.map((f) => {
    const before = last.get(f.id);
    const delta =
      typeof before === "number" && f.product !== null && before !== 0
        ? `${round(((f.product - before) / before) * 100, 0)}%`
        : "";
    return [
      f.target,
      f.measure,
      format(f.product, f.unit),
      yes(f.productMeets),
      format(f.peer, f.unit),
      yes(f.peerMeets),
      f.goal,
      delta,
    ];
  });
  const header = ["target", "measure", "product", "meets", "better-auth", "meets", "target", "Δ last run"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  let group = "";
  for (const row of rows) {
    console.log(line(row[0] === group ? ["", ...row.slice(1)] : row));
    group = row[0];
  }
  for (const f of figures.filter((f) => f.note)) console.log(`  * ${f.measure}: ${f.note}`);
}
