import { firstLoadJs, frameworkJs, type FirstLoad } from "../lib/first-load";
import type { Bench } from "./context";

// First-load JavaScript of the sign-in and sign-up pages, and the runtime every page of the build loads.

export const PAGES = ["/login", "/register"] as const;

export async function firstLoadPhase(bench: Bench, root: string) {
  const pages = {} as Record<(typeof PAGES)[number], FirstLoad>;
  for (const page of PAGES) pages[page] = await firstLoadJs(bench.product.target.origin, page);
  const framework = frameworkJs(root);
  bench.recordMemory("first page loads");
  return { pages, framework };
}
