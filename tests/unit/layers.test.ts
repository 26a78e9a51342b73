import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// lib/'s folders are its layers: each imports only the folders after it in this list (and shared/, which
// imports nothing of lib/). A back-arrow would make a low layer know about a high one.
const LAYERS = ["accounts", "sessions", "http", "security", "email", "platform"];
const lib = path.resolve(__dirname, "../../lib");

function importsOf(folder: string): { file: string; target: string }[] {
  return fs
    .readdirSync(path.join(lib, folder))
    .filter((name) => name.endsWith(".ts") || name.endsWith(".tsx"))
    .flatMap((name) => {
      const source = fs.readFileSync(path.join(lib, folder, name), "utf8");
      return [...source.matchAll(/(?:from|import\()\s*"@\/lib\/([a-z-]+)\//g)].map((match) => ({
        file: `${folder}/${name}`,
        target: match[1],
      }));
    });
}

describe("lib/ layers", () => {
  it.each(LAYERS)("%s imports only the layers below it and shared/", (folder) => {
    const allowed = new Set([...LAYERS.slice(LAYERS.indexOf(folder)), "shared", "generated"]);
    const backArrows = importsOf(folder).filter(({ target }) => !allowed.has(target));
    expect(backArrows).toEqual([]);
  });

  it("shared/ imports nothing else from lib/, so the browser can load it", () => {
    expect(importsOf("shared").filter(({ target }) => target !== "shared")).toEqual([]);
  });

  it("every folder of lib/ is a known layer", () => {
    const folders = fs
      .readdirSync(lib, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== "generated")
      .map((entry) => entry.name);
    expect(folders.sort()).toEqual([...LAYERS, "shared"].sort());
  });
});
