import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary } from "@zxcvbn-ts/language-en";
import {
  judgePassword,
  STRENGTH_OPTIONS,
  strengthInputs,
  strengthScoreOf,
  type PasswordContext,
  type PasswordVerdict,
} from "@/lib/shared/password-policy";

// zxcvbn on the calling thread: the browser's strength meter (loaded on demand, it carries large
// dictionaries), and the server's fallback when its strength thread cannot start.
//
// English and the common lists are always checked; other languages' dictionaries are added by the caller:
// the server adds every language the site speaks (a common Portuguese password is as weak as a common
// English one, whatever the page's language), the browser only the page's own, loaded for that language.

/** A zxcvbn-ts language pack's dictionary, named (the name keys the checker built for it). */
export type ExtraDictionary = { name: string; dictionary: Record<string, string[]> };

// Built on first use: its ranked dictionaries take ~12 MB of heap per language.
// No translations are given, so its feedback comes back as keys
// (the caller translates them with the language pack of the reader's language).
const checkers = new Map<string, ZxcvbnFactory>();
function strengthChecker(extra: ExtraDictionary[]): ZxcvbnFactory {
  const key = extra.map((pack) => pack.name).join(",");
  let checker = checkers.get(key);
  if (!checker) {
    const dictionary = Object.assign({}, commonDictionary, englishDictionary, ...extra.map((pack) => pack.dictionary));
    checker = new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary, ...STRENGTH_OPTIONS });
    checkers.set(key, checker);
  }
  return checker;
}

/** zxcvbn's score, here on the calling thread (the browser's strength meter). */
export function scorePassword(password: string, inputs: string[], extraDictionaries: ExtraDictionary[] = []) {
  return strengthScoreOf(strengthChecker(extraDictionaries).check(password, inputs));
}

/** The whole check on the calling thread. */
export function checkPasswordStrength(
  password: string,
  context: PasswordContext = {},
  extraDictionaries: ExtraDictionary[] = [],
): PasswordVerdict {
  return judgePassword(password, context, scorePassword(password, strengthInputs(context), extraDictionaries));
}
