import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

// First-load JavaScript of a page, the way Next.js used to print it after a build: every script the
// page's HTML references (script tags and script preloads, less the noModule polyfills) from the production build, gzipped one by one
// (level 9) and summed. Inline scripts (the RSC payload) are page data and are reported apart.

export type FirstLoad = { path: string; chunks: number; rawKb: number; gzipKb: number; inlineKb: number };

export async function firstLoadJs(origin: string, path: string): Promise<FirstLoad> {
  const html = await (await fetch(origin + path, { headers: { "x-forwarded-for": "10.255.255.253" } })).text();
  const sources = new Set<string>();
  // noModule scripts are the legacy-browser polyfills: a browser that runs modules skips them.
  for (const [tag, src] of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/gi))
    if (!/\bnomodule\b/i.test(tag)) sources.add(src);
  for (const [tag] of html.matchAll(/<link\b[^>]*\bas="script"[^>]*>/gi)) {
    const href = /href="([^"]+)"/i.exec(tag)?.[1];
    if (href) sources.add(href);
  }
  let raw = 0;
  let gzip = 0;
  for (const src of sources) {
    const response = await fetch(new URL(src.replaceAll("&amp;", "&"), origin));
    if (!response.ok) throw new Error(`${src} referenced by ${path} answered ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    raw += bytes.length;
    gzip += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  let inline = 0;
  for (const [, body] of html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi))
    inline += Buffer.byteLength(body);
  return { path, chunks: sources.size, rawKb: raw / 1000, gzipKb: gzip / 1000, inlineKb: inline / 1000 };
}

/** The runtime every page loads (Next.js, React, the bundler's runtime): .next/build-manifest.json's rootMainFiles. */
export function frameworkJs(root: string): { chunks: number; gzipKb: number } {
  const dir = path.join(root, ".next");
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
  };
  const gzip = manifest.rootMainFiles.reduce(
    (sum, file) => sum + zlib.gzipSync(fs.readFileSync(path.join(dir, file)), { level: 9 }).length,
    0,
  );
  return { chunks: manifest.rootMainFiles.length, gzipKb: gzip / 1000 };
}
