import crypto from "node:crypto";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary } from "@zxcvbn-ts/language-en";
import { dictionary as portugueseDictionary } from "@zxcvbn-ts/language-pt-br";
import {
  PREFIX_LENGTH,
  USE_COMPACT_DICTIONARIES,
  type DictionaryMatcherClass,
} from "@/lib/security/compact-dictionaries";
import { STRENGTH_OPTIONS, strengthInputs } from "@/lib/shared/password-policy";

// The strength thread's compact dictionaries and their matcher must change nothing but time and memory: every
// check gives the same score, guesses and match sequence as zxcvbn's own dictionaries and matcher, with the
// same words and options.

/** The thread's source, run here as the thread runs it. */
const useCompactDictionaries = new Function(`return (${USE_COMPACT_DICTIONARIES})`)() as (
  matcher: DictionaryMatcherClass,
  options: object,
  wordLists: Record<string, unknown[]>,
  prefixLength: number,
) => () => void;

// The class whose `match` the strength thread replaces, required by the same path (no export names it).
const MatchDictionary: DictionaryMatcherClass = createRequire(import.meta.url)(
  "@zxcvbn-ts/core/dist/matcher/dictionary/matching.cjs",
);
const wordLists = { ...commonDictionary, ...englishDictionary, ...portugueseDictionary };
type Checker = { check: ZxcvbnFactory["check"]; options: { rankedDictionaries: Record<string, object> } };
/** zxcvbn as it comes: an object of ranks per dictionary. */
const plain = new ZxcvbnFactory({
  graphs: adjacencyGraphs,
  dictionary: wordLists,
  ...STRENGTH_OPTIONS,
}) as unknown as Checker;
/** zxcvbn as the thread makes it: no dictionaries of its own, the compact tables put in. */
const compact = new ZxcvbnFactory({ graphs: adjacencyGraphs, ...STRENGTH_OPTIONS }) as unknown as Checker;
const inputs = strengthInputs({ username: "marjorie", email: "marjorie.dawes@example.com", appName: "Accounts" });

const random = Array.from({ length: 60 }, () => crypto.randomBytes(18).toString("base64url"));
const common = commonDictionary["passwords-common"].slice(0, 80).map(String);
const words = englishDictionary["commonWords-en"].slice(200, 260).map(String);
// The last words of long lists, whose ranks are the largest.
const lastWords = [englishDictionary["lastnames-en"].at(-1), portugueseDictionary["commonWords-pt-br"].at(-1)].map(
  String,
);
const leet = (word: string) => word.replace(/a/g, "4").replace(/e/g, "3").replace(/o/g, "0").replace(/s/g, "$");
const passwords = [
  ...random,
  ...common,
  ...common.map((password) => `${leet(password)}!1`),
  ...words.map((word, index) => `${word}${random[index].slice(0, 5)}${leet(word).toUpperCase()}`),
  ...words.map((word) => `${word}-MARJORIE-${[...word].reverse().join("")}`), // the reverse matcher, an input
  ...lastWords,
  "marjorie.dawes@example.com",
  "Marjorie-Dawes-1987!",
  "cachorroquentes",
  "coração-pão-açúcar", // accented words, as the Portuguese lists hold them
  "P@$$w0rd1234567",
  "correct horse battery staple",
  "tr0ub4dour&3-xq",
  "monday",
  "mondaytuesdaywednesday",
  "first second third monday",
  "a",
  "",
];

/** What the policy reads of a check (score, guesses) and every match it was built from. */
function checkAll(checker: Checker) {
  return passwords.map((password) => {
    const { score, guesses, sequence } = checker.check(password, inputs);
    return { password, score, guesses, sequence };
  });
}

describe("the compact dictionaries", () => {
  let original: ReturnType<typeof checkAll>;
  let putBack: () => void;
  beforeAll(() => {
    original = checkAll(plain);
    putBack = useCompactDictionaries(MatchDictionary, compact.options, wordLists, PREFIX_LENGTH);
  });
  afterAll(() => putBack());

  it("find exactly the matches zxcvbn's own find, so every score stays the same", () => {
    expect(checkAll(compact)).toEqual(original);
    // The set is not trivial: weak and strong passwords, and l33t, reversed, personal and word-sequence
    // dictionary matches among them.
    expect(new Set(original.map((check) => check.score)).size).toBe(5);
    const sequences = original.flatMap((check) => check.sequence);
    const matches = sequences.filter((match) => match.pattern === "dictionary");
    expect(matches.some((match) => match.l33t)).toBe(true);
    expect(matches.some((match) => match.reversed)).toBe(true);
    expect(matches.some((match) => match.dictionaryName === "userInputs")).toBe(true);
    expect(matches.some((match) => match.dictionaryName === "daysOfWeek-en")).toBe(true);
    expect(sequences.some((match) => match.pattern === "wordSequence")).toBe(true);
    expect(matches.some((match) => match.rank > 80_000)).toBe(true); // the end of a long list
  });

  it("hold every configured dictionary: zxcvbn's own matcher finds no word in them", () => {
    expect(Object.keys(compact.options.rankedDictionaries).sort()).toEqual(Object.keys(wordLists).sort());
    putBack();
    try {
      const sequences = checkAll(compact).flatMap((check) => check.sequence);
      const found = sequences.filter(
        (match) => match.pattern === "dictionary" && match.dictionaryName !== "userInputs",
      );
      expect(found).toEqual([]);
    } finally {
      putBack = useCompactDictionaries(MatchDictionary, compact.options, wordLists, PREFIX_LENGTH);
    }
  });

  it("refuse Levenshtein matching, which needs every word as a key", () => {
    const levenshtein = new ZxcvbnFactory({ graphs: adjacencyGraphs, useLevenshteinDistance: true });
    expect(() =>
      useCompactDictionaries(MatchDictionary, (levenshtein as unknown as Checker).options, wordLists, PREFIX_LENGTH),
    ).toThrow(/Levenshtein/);
  });

  it("put zxcvbn's own matcher back", () => {
    const faster = MatchDictionary.prototype.match;
    useCompactDictionaries(MatchDictionary, compact.options, wordLists, PREFIX_LENGTH)();
    expect(MatchDictionary.prototype.match).toBe(faster);
  });
});
