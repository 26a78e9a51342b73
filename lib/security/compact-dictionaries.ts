// zxcvbn's dictionaries kept compact, and its dictionary matcher without the lookups that cannot match. Same
// matches, same order, same scores.
//
// Memory: zxcvbn (@zxcvbn-ts/core) keeps each dictionary as an object from word to rank: 310,000 words of
// three languages came to about 35 MB of live heap in the strength thread, a million small objects that
// every full collection marked again (30-80 ms of marking each, one every 25-30 sign-ups), and a heap of
// 65 MB committed. Here each dictionary is one string of its words, their offsets and an open-addressing
// table of word numbers (typed arrays): a few objects, about 9 MB.
//
// Time: zxcvbn looks every substring of a password up in each of its 38 dictionaries (up to each one's
// longest word), and its l33t matcher does that again for each of up to ten de-l33ted variants: about 7,400
// lookups per pass for a random 24-character password, eleven passes. Most of those substrings start with
// characters that begin no word at all. The tables keep, once, a hash of every word's first few characters;
// when a substring's are not among them, no longer substring from the same start can be a word either, so
// the search stops there (1,900 lookups per pass). A substring's hash grows with it, one character at a
// time, and is compared with the words' own characters, so no substring is made unless it matches.
//
// The plain matcher, the l33t and the reverse matchers all call MatchDictionary.prototype.match (the
// variants through `super`), so the faster method replaces that one method, inside the strength thread only
// (lib/security/strength-thread.ts runs this source there). The person's own inputs, which zxcvbn builds
// per check, stay an object and are looked up as zxcvbn does. Levenshtein matching needs every word as an
// object key; the policy leaves it off, and the tables refuse it. tests/unit/compact-dictionaries.test.ts
// compares the two matchers on random, common, l33t and personal passwords, match by match.

/** zxcvbn's MatchDictionary, whose `match` the source below replaces. */
export type DictionaryMatcherClass = { prototype: { match: (...args: never[]) => unknown } };

/** How many first characters of each word the prefix table keeps: 4 stops most lookups early. */
export const PREFIX_LENGTH = 4;

/**
 * `useCompactDictionaries(MatchDictionary, options, wordLists, prefixLength)`: puts the word lists (name →
 * words, in rank order) into `options` (a ZxcvbnFactory's `options`, made without dictionaries) as compact
 * tables, gives MatchDictionary the method that reads them, and returns what puts zxcvbn's own method back.
 * Plain JavaScript in a string, so that the thread runs exactly this whatever compiled this module (a
 * compiled function's own source may call the compiler's helpers, which the thread does not have: tsx's
 * `__name` did).
 */
export const USE_COMPACT_DICTIONARIES = `function useCompactDictionaries(MatchDictionary, options, wordLists, prefixLength) {
  if (options.useLevenshteinDistance) throw new Error("compact dictionaries cannot match by Levenshtein distance");
  // FNV-1a over UTF-16 code units: a substring's hash is its shorter self's, one character further.
  const FNV_OFFSET = 0x811c9dc5 | 0;
  const hashStep = (hash, code) => Math.imul(hash ^ code, 16777619);
  const hashOf = (word, length) => {
    let hash = FNV_OFFSET;
    for (let k = 0; k < length; k += 1) hash = hashStep(hash, word.charCodeAt(k));
    return hash;
  };
  const tableSize = (entries) => {
    let size = 8;
    while (size < entries * 2) size *= 2;
    return size;
  };

  // The hashes of every word's first 1..prefixLength characters (0 marks an empty slot, so a hash of 0 is
  // kept as 1). Two prefixes with one hash only make a search go on: never a match that is not there. The
  // table doubles when half full (most words share their first characters, so it stays far smaller than
  // the words).
  let prefixSlots = new Int32Array(1 << 16);
  let prefixCount = 0;
  function addPrefix(hash) {
    const stored = hash || 1;
    const mask = prefixSlots.length - 1;
    let slot = stored & mask;
    while (prefixSlots[slot] !== 0 && prefixSlots[slot] !== stored) slot = (slot + 1) & mask;
    if (prefixSlots[slot] === stored) return;
    prefixSlots[slot] = stored;
    prefixCount += 1;
    if (prefixCount * 2 > prefixSlots.length) {
      const old = prefixSlots;
      prefixSlots = new Int32Array(old.length * 2);
      prefixCount = 0;
      for (const kept of old) if (kept !== 0) addPrefix(kept);
    }
  }
  function hasPrefix(hash) {
    const stored = hash || 1;
    const mask = prefixSlots.length - 1;
    for (let slot = stored & mask; prefixSlots[slot] !== 0; slot = (slot + 1) & mask)
      if (prefixSlots[slot] === stored) return true;
    return false;
  }

  /** One dictionary: its words in one string, where each starts, and a table of word numbers by hash. */
  class CompactDictionary {
    constructor(text, starts, size) {
      this.text = text;
      this.starts = starts;
      this.slots = new Int32Array(size);
      this.maxWordSize = 0;
    }
  }
  function compact(list) {
    const words = list.map(String);
    const starts = new Int32Array(words.length + 1);
    for (let k = 0; k < words.length; k += 1) starts[k + 1] = starts[k] + words[k].length;
    const table = new CompactDictionary(words.join(""), starts, tableSize(words.length));
    const mask = table.slots.length - 1;
    for (let k = 0; k < words.length; k += 1) {
      const word = words[k];
      table.maxWordSize = Math.max(table.maxWordSize, word.length);
      for (let length = 1; length <= Math.min(prefixLength, word.length); length += 1) addPrefix(hashOf(word, length));
      let slot = hashOf(word, word.length) & mask;
      // A word listed twice takes the later rank, as zxcvbn's object of ranks does.
      while (table.slots[slot] !== 0 && !isWordAt(table, table.slots[slot], word, 0, word.length)) slot = (slot + 1) & mask;
      table.slots[slot] = k + 1;
    }
    return table;
  }
  /** Whether word number \`entry\` (from 1) is the \`width\` characters of \`text\` at \`from\`. */
  function isWordAt(table, entry, text, from, width) {
    const start = table.starts[entry - 1];
    if (table.starts[entry] - start !== width) return false;
    for (let k = 0; k < width; k += 1) if (table.text.charCodeAt(start + k) !== text.charCodeAt(from + k)) return false;
    return true;
  }
  /** The rank (word number, from 1) of the \`width\` characters of \`text\` at \`from\`, whose hash is \`hash\`. */
  function rankIn(table, hash, text, from, width) {
    const mask = table.slots.length - 1;
    for (let slot = hash & mask; table.slots[slot] !== 0; slot = (slot + 1) & mask)
      if (isWordAt(table, table.slots[slot], text, from, width)) return table.slots[slot];
    return undefined;
  }

  for (const [name, list] of Object.entries(wordLists)) {
    const table = compact(list);
    options.rankedDictionaries[name] = table;
    options.rankedDictionariesMaxWordSize[name] = table.maxWordSize;
  }

  const original = MatchDictionary.prototype.match;
  MatchDictionary.prototype.match = function match({ password, userInputsOptions }) {
    const { rankedDictionaries, rankedDictionariesMaxWordSize } = this.getRangedDictionaries(userInputsOptions);
    const everyName = Object.keys(rankedDictionaries);
    // Dictionaries the prefixes do not cover (the person's inputs), which are always looked up.
    const uncovered = everyName.filter((name) => !(rankedDictionaries[name] instanceof CompactDictionary));
    const maxSearchWidth = Math.max(0, ...Object.values(rankedDictionariesMaxWordSize));
    const matches = [];
    const passwordLower = password.toLowerCase();
    // From here on the loops are the original's, but over the names left.
    for (let i = 0; i < password.length; i += 1) {
      let names = everyName;
      let hash = FNV_OFFSET;
      for (let j = i; j < password.length; j += 1) {
        const isFullPassword = i === 0 && j === password.length - 1;
        const width = j - i + 1;
        if (width > maxSearchWidth && !isFullPassword) break;
        hash = hashStep(hash, passwordLower.charCodeAt(j));
        if (names === everyName && width <= prefixLength && !hasPrefix(hash)) {
          // No configured word starts with these characters, so none is this substring or a longer one.
          names = uncovered;
          if (names.length === 0) break;
        }
        let usedPassword;
        for (const dictionaryName of names) {
          if (width > rankedDictionariesMaxWordSize[dictionaryName] && !isFullPassword) continue;
          const dictionary = rankedDictionaries[dictionaryName];
          const rank =
            dictionary instanceof CompactDictionary
              ? rankIn(dictionary, hash, passwordLower, i, width)
              : dictionary[(usedPassword ??= passwordLower.slice(i, j + 1))];
          if (rank === undefined) continue;
          matches.push({
            pattern: "dictionary",
            i,
            j,
            token: password.slice(i, j + 1),
            matchedWord: (usedPassword ??= passwordLower.slice(i, j + 1)),
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
