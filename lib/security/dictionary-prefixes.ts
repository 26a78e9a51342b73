// zxcvbn's dictionary matcher, without the lookups that cannot match. Same matches, same order, same scores.
//
// zxcvbn (@zxcvbn-ts/core) looks every substring of a password up in each of its 38 dictionaries (up to
// each one's longest word), and its l33t matcher does that again for each of up to ten de-l33ted variants:
// about 7,400 lookups per pass for a random 24-character password, eleven passes, 30 ms in all (p50; the
// hash beside it takes 12-15 ms, so a sign-up waited for the strength check, not the hash). Most of those
// substrings start with characters that begin no word at all. This matcher keeps, once per set of
// dictionaries, every word's first few characters; when a substring's are not among them, no longer
// substring from the same start can be a word either, so it stops there: 1,900 lookups per pass, 9 ms.
//
// The plain matcher, the l33t and the reverse matchers all call MatchDictionary.prototype.match (the
// variants through `super`), so the faster method replaces that one method, inside the strength thread only
// (lib/security/strength-thread.ts runs this source there). Levenshtein matching, which the policy leaves
// off, keeps the original method. tests/unit/dictionary-prefixes.test.ts compares the two on random,
// common, l33t and personal passwords, match by match.

/** zxcvbn's MatchDictionary, whose `match` the source below replaces. */
export type DictionaryMatcherClass = { prototype: { match: (...args: never[]) => unknown } };

/** How many first characters of each word are kept: 4 costs 2.4 MB of heap, and stops most lookups early. */
export const PREFIX_LENGTH = 4;

/**
 * `speedUpDictionaryMatching(MatchDictionary, prefixLength)`: gives zxcvbn's MatchDictionary the faster
 * `match` and returns what puts the original back. Plain JavaScript in a string, so that the thread runs
 * exactly this whatever compiled this module (a compiled function's own source may call the compiler's
 * helpers, which the thread does not have: tsx's `__name` did).
 */
export const SPEED_UP_DICTIONARY_MATCHING = `function speedUpDictionaryMatching(MatchDictionary, prefixLength) {
  const original = MatchDictionary.prototype.match;
  // The configured dictionaries do not change; the person's own inputs come as a new dictionary per check.
  const prefixSets = new WeakMap();
  function prefixesOf(dictionaries) {
    let prefixes = prefixSets.get(dictionaries);
    if (!prefixes) {
      prefixes = new Set();
      for (const name of Object.keys(dictionaries))
        for (const word of Object.keys(dictionaries[name]))
          for (let length = 1; length <= Math.min(prefixLength, word.length); length += 1)
            prefixes.add(word.slice(0, length));
      prefixSets.set(dictionaries, prefixes);
    }
    return prefixes;
  }

  MatchDictionary.prototype.match = function match(args) {
    const { password, userInputsOptions, useLevenshtein = true } = args;
    if (this.options.useLevenshteinDistance && useLevenshtein) return original.call(this, args);
    const configured = this.options.rankedDictionaries;
    const prefixes = prefixesOf(configured);
    const { rankedDictionaries, rankedDictionariesMaxWordSize } = this.getRangedDictionaries(userInputsOptions);
    const everyName = Object.keys(rankedDictionaries);
    // Dictionaries the prefixes do not cover (the person's inputs), which are always looked up.
    const uncovered = everyName.filter((name) => rankedDictionaries[name] !== configured[name]);
    const maxSearchWidth = Math.max(0, ...Object.values(rankedDictionariesMaxWordSize));
    const matches = [];
    const passwordLower = password.toLowerCase();
    // From here on the loops are the original's, but over the names left.
    for (let i = 0; i < password.length; i += 1) {
      let names = everyName;
      for (let j = i; j < password.length; j += 1) {
        const isFullPassword = i === 0 && j === password.length - 1;
        const width = j - i + 1;
        if (width > maxSearchWidth && !isFullPassword) break;
        const usedPassword = passwordLower.slice(i, j + 1);
        if (names === everyName && width <= prefixLength && !prefixes.has(usedPassword)) {
          // No configured word starts with these characters, so none is this substring or a longer one.
          names = uncovered;
          if (names.length === 0) break;
        }
        for (const dictionaryName of names) {
          if (width > rankedDictionariesMaxWordSize[dictionaryName] && !isFullPassword) continue;
          const rank = rankedDictionaries[dictionaryName][usedPassword];
          if (rank === undefined) continue;
          matches.push({
            pattern: "dictionary",
            i,
            j,
            token: password.slice(i, j + 1),
            matchedWord: usedPassword,
            rank,
            dictionaryName,
            reversed: false,
            l33t: false,
          });
        }
      }
    }
    return matches;
  };

  return () => {
    MatchDictionary.prototype.match = original;
  };
}`;
