import crypto from "node:crypto";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary } from "@zxcvbn-ts/language-en";
import { dictionary as portugueseDictionary } from "@zxcvbn-ts/language-pt-br";
import {
  PREFIX_LENGTH,
  SPEED_UP_DICTIONARY_MATCHING,
  type DictionaryMatcherClass,
} from "@/lib/security/dictionary-prefixes";
import { STRENGTH_OPTIONS, strengthInputs } from "@/lib/shared/password-policy";

// The strength thread's faster dictionary matcher must change nothing but the time: every check gives the
// same score, guesses and match sequence as zxcvbn's own matcher, with the same dictionaries and options.

/** The thread's source, run here as the thread runs it. */
const speedUpDictionaryMatching = new Function(`return (${SPEED_UP_DICTIONARY_MATCHING})`)() as (
  matcher: DictionaryMatcherClass,
  prefixLength: number,
) => () => void;

// The class whose `match` the strength thread replaces, required by the same path (no export names it).
const MatchDictionary: DictionaryMatcherClass = createRequire(import.meta.url)(
  "@zxcvbn-ts/core/dist/matcher/dictionary/matching.cjs",
);
const checker = new ZxcvbnFactory({
  graphs: adjacencyGraphs,
  dictionary: { ...commonDictionary, ...englishDictionary, ...portugueseDictionary },
  ...STRENGTH_OPTIONS,
});
const inputs = strengthInputs({ username: "marjorie", email: "marjorie.dawes@example.com", appName: "Accounts" });

const random = Array.from({ length: 60 }, () => crypto.randomBytes(18).toString("base64url"));
const common = commonDictionary["passwords-common"].slice(0, 80).map(String);
const words = englishDictionary["commonWords-en"].slice(200, 260).map(String);
const leet = (word: string) => word.replace(/a/g, "4").replace(/e/g, "3").replace(/o/g, "0").replace(/s/g, "$");
const passwords = [
  ...random,
  ...common,
  ...common.map((password) => `${leet(password)}!1`),
  ...words.map((word, index) => `${word}${random[index].slice(0, 5)}${leet(word).toUpperCase()}`),
  ...words.map((word) => `${word}-MARJORIE-${[...word].reverse().join("")}`), // the reverse matcher, an input
  "marjorie.dawes@example.com",
  "Marjorie-Dawes-1987!",
  "cachorroquentes",
  "P@$$w0rd1234567",
  "correct horse battery staple",
  "tr0ub4dour&3-xq",
  "a",
  "",
];

/** What the policy reads of a check (score, guesses) and every match it was built from. */
function checkAll() {
  return passwords.map((password) => {
    const { score, guesses, sequence } = checker.check(password, inputs);
    return { password, score, guesses, sequence };
  });
}

describe("the faster dictionary matcher", () => {
  let original: ReturnType<typeof checkAll>;
  let putBack: () => void;
  beforeAll(() => {
    original = checkAll();
    putBack = speedUpDictionaryMatching(MatchDictionary, PREFIX_LENGTH);
  });
  afterAll(() => putBack());

  it("finds exactly the matches zxcvbn's own finds, so every score stays the same", () => {
    expect(checkAll()).toEqual(original);
    // The set is not trivial: weak and strong passwords, and l33t and reversed dictionary matches among them.
    expect(new Set(original.map((check) => check.score)).size).toBe(5);
    const matches = original.flatMap((check) => check.sequence);
    expect(matches.some((match) => match.pattern === "dictionary" && match.l33t)).toBe(true);
    expect(matches.some((match) => match.pattern === "dictionary" && match.reversed)).toBe(true);
    expect(matches.some((match) => match.pattern === "dictionary" && match.dictionaryName === "userInputs")).toBe(true);
  });

  it("is the one the checks used, and looks up fewer substrings", () => {
    // Count the lookups in the configured dictionaries through a Proxy around one of them.
    let lookups = 0;
    const options = (checker as unknown as { options: { rankedDictionaries: Record<string, object> } }).options;
    const english = options.rankedDictionaries["commonWords-en"];
    options.rankedDictionaries["commonWords-en"] = new Proxy(english, {
      get: (target, key) => ((lookups += 1), Reflect.get(target, key)),
    });
    try {
      const count = (password: string) => ((lookups = 0), checker.check(password, inputs), lookups);
      const faster = random.slice(0, 10).map(count);
      putBack();
      const plain = random.slice(0, 10).map(count);
      putBack = speedUpDictionaryMatching(MatchDictionary, PREFIX_LENGTH);
      const total = (list: number[]) => list.reduce((sum, n) => sum + n, 0);
      expect(total(faster)).toBeLessThan(total(plain) / 2);
    } finally {
      options.rankedDictionaries["commonWords-en"] = english;
    }
  });

  it("puts zxcvbn's own matcher back", () => {
    const faster = MatchDictionary.prototype.match;
    speedUpDictionaryMatching(MatchDictionary, PREFIX_LENGTH)();
    expect(MatchDictionary.prototype.match).toBe(faster);
  });
});
