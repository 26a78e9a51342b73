import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary } from "@zxcvbn-ts/language-en";

// The password policy (NIST SP 800-63B; SECURITY.md): a length window, no composition rules, and no common
// or context-specific passwords. Runs on the server for every password set, and in the browser (loaded on
// demand, it carries large dictionaries) for strength feedback while typing.
//
// English and the common lists are always checked; other languages' dictionaries are added by the caller:
// the server adds every language the site speaks (a common Portuguese password is as weak as a common
// English one, whatever the page's language), the browser only the page's own, loaded for that language.

/** A zxcvbn-ts language pack's dictionary, named (the name keys the checker built for it). */
export type ExtraDictionary = { name: string; dictionary: Record<string, string[]> };

// zxcvbn's matching grows steeply with length (2.2 s of event loop for 256 random characters); the first 64
// characters decide the score of any real password, so longer ones are scored on those.
// Built on first use: its ranked dictionaries take ~12 MB of heap per language that a server which only signs
// people in never needs. No translations are given, so its feedback comes back as keys
// (the caller translates them with the language pack of the reader's language).
const checkers = new Map<string, ZxcvbnFactory>();
function strengthChecker(extra: ExtraDictionary[]): ZxcvbnFactory {
  const key = extra.map((pack) => pack.name).join(",");
  let checker = checkers.get(key);
  if (!checker) {
    const dictionary = Object.assign({}, commonDictionary, englishDictionary, ...extra.map((pack) => pack.dictionary));
    checker = new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary, maxLength: 64, l33tMaxSubstitutions: 10 });
    checkers.set(key, checker);
  }
  return checker;
}

export type PasswordContext = { username?: string; email?: string; appName?: string };

/** Why a password is refused: keys of the "Validation" messages ({appName} is the only value they name). */
export type PasswordProblem =
  "passwordContainsUsername" | "passwordContainsEmail" | "passwordContainsAppName" | "passwordTooGuessable";

export type PasswordVerdict = {
  ok: boolean;
  /** 0 (guessable in seconds) to 4 (very strong). */
  score: 0 | 1 | 2 | 3 | 4;
  /** Why the password is refused; undefined when it is accepted. */
  reason?: PasswordProblem;
  /** zxcvbn's warning key (its language packs' `translations.warnings`), when it has one. */
  warning?: string;
  /** zxcvbn's suggestion key for a better password (`translations.suggestions`). */
  suggestion?: string;
};

const MIN_SCORE = 3;

export function checkPasswordStrength(
  password: string,
  context: PasswordContext = {},
  extraDictionaries: ExtraDictionary[] = [],
): PasswordVerdict {
  const lower = password.toLowerCase();
  const local = context.email?.split("@")[0];
  const inputs = [context.username, local, context.email, context.appName].filter(
    (v): v is string => !!v && v.length >= 3,
  );
  const result = strengthChecker(extraDictionaries).check(password, inputs);
  const score = result.score;
  const suggestion = result.feedback.suggestions[0] ?? undefined;

  if (context.username && context.username.length >= 3 && lower.includes(context.username.toLowerCase())) {
    return { ok: false, score, reason: "passwordContainsUsername" };
  }
  if (local && local.length >= 3 && lower.includes(local.toLowerCase())) {
    return { ok: false, score, reason: "passwordContainsEmail" };
  }
  if (context.appName && context.appName.length >= 3 && lower.includes(context.appName.toLowerCase())) {
    return { ok: false, score, reason: "passwordContainsAppName" };
  }
  if (score < MIN_SCORE) {
    return {
      ok: false,
      score,
      reason: "passwordTooGuessable",
      warning: result.feedback.warning ?? undefined,
      suggestion,
    };
  }
  return { ok: true, score, suggestion };
}
