import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import { DESCRIBED_EVENTS } from "@/lib/accounts/audit-text";
import { LOCALES, negotiateLocale } from "@/lib/shared/locales";

// Keys used in t("…") calls are checked by `npm run typecheck` (i18n/types.d.ts types them against
// messages/en.json). This checks what the compiler cannot: that every catalogue says everything English
// says, with the same placeholders, and that the keys lib/ hands around as data exist.

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") flat.set(name, value);
    else for (const [inner, text] of flatten(value, name)) flat.set(inner, text);
  }
  return flat;
}

/** The ICU arguments ({name}, {count, plural, …}) and rich-text tags (<link>) a message names. */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  for (const [, name] of message.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]/g)) names.add(name);
  for (const [, tag] of message.matchAll(/<(\w+)>/g)) names.add(`<${tag}>`);
  return [...names].sort();
}

const catalogue = (locale: string) =>
  JSON.parse(fs.readFileSync(path.join(process.cwd(), "messages", `${locale}.json`), "utf8")) as Tree;
const english = flatten(en as Tree);

describe("the message catalogues", () => {
  it.each(LOCALES.filter((locale) => locale !== "en"))("%s has exactly the keys of English", (locale) => {
    const other = flatten(catalogue(locale));
    expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it.each(LOCALES.filter((locale) => locale !== "en"))("%s names the same placeholders as English", (locale) => {
    const other = flatten(catalogue(locale));
    for (const [key, message] of english) {
      expect({ key, placeholders: placeholders(other.get(key) ?? "") }).toEqual({
        key,
        placeholders: placeholders(message),
      });
    }
  });

  it.each(LOCALES.filter((locale) => locale !== "en"))("%s translates every sentence (no English left)", (locale) => {
    const other = flatten(catalogue(locale));
    // Messages that are the same in every language: only placeholders and punctuation.
    const neutral = [...english].filter(([, message]) => /^[\s{}\w,()]*$/.test(message.replace(/\{[^}]*\}/g, "")));
    const untranslated = [...english.keys()].filter(
      (key) => other.get(key) === english.get(key) && !neutral.some(([name]) => name === key),
    );
    expect(untranslated).toEqual([]);
  });

  it("finds no placeholder in a message that names none, and finds a missing one", () => {
    expect(placeholders("Sign in")).toEqual([]);
    expect(placeholders("{count, plural, one {# day} other {# days}}")).toEqual(["count"]);
    expect(placeholders("Hi {username}, see <link>this</link>")).toEqual(["<link>", "username"]);
    expect(placeholders("Olá, {nome}")).not.toEqual(placeholders("Hi, {username}"));
  });

  it("has every validation key the shared schemas and lib/ answer", () => {
    const read = (file: string) => fs.readFileSync(path.join(process.cwd(), file), "utf8");
    const schemas = [read("lib/shared/validation.ts"), read("lib/shared/password-policy.ts")];
    const flows = fs.readdirSync(path.join(process.cwd(), "lib/accounts")).map((file) => read(`lib/accounts/${file}`));
    const keys = new Set<string>();
    for (const source of schemas) {
      for (const [, key] of source.matchAll(/(?:error|message): "([a-zA-Z]+)"/g)) keys.add(key);
    }
    for (const source of [...schemas, ...flows]) {
      for (const [, key] of source.matchAll(/fieldErrors: \{ \w+: \["([a-zA-Z]+)"\] \}/g)) keys.add(key);
      for (const [, key] of source.matchAll(/\| "(password[A-Za-z]+)"/g)) keys.add(key);
      for (const [, key] of source.matchAll(/reason: "([a-zA-Z]+)"/g)) keys.add(key);
    }
    expect(keys.size).toBeGreaterThan(20);
    const missing = [...keys].filter((key) => !english.has(`Validation.${key}`));
    expect(missing).toEqual([]);
  });

  it("has words for every audit event shown on the account page", () => {
    expect(DESCRIBED_EVENTS.filter((type) => !english.has(`Activity.${type}`))).toEqual([]);
  });
});

describe("choosing a language from Accept-Language", () => {
  it.each([
    ["pt-BR,pt;q=0.9,en;q=0.8", "pt-BR"],
    ["pt", "pt-BR"],
    ["pt-PT", "pt-BR"],
    ["en-US,en;q=0.9", "en"],
    ["fr-FR,fr;q=0.9,pt-BR;q=0.5", "pt-BR"],
    ["fr-FR,en;q=0.4,pt-BR;q=0.5", "pt-BR"],
    ["de", null],
    ["", null],
    ["pt-BR;q=0", null],
  ])("%s -> %s", (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});
