import type { ZxcvbnResult } from "@zxcvbn-ts/core";

// The password policy (NIST SP 800-63B; SECURITY.md): a length window, no composition rules, and no common
// or context-specific passwords. Runs on the server for every password set (zxcvbn's scoring on a thread of
// its own, lib/security/strength-thread.ts), and in the browser (loaded on demand, it carries large
// dictionaries) for strength feedback while typing.
//
// This module is the judgement; zxcvbn itself (a few MB of code and dictionaries) is in
// lib/shared/password-strength.ts, loaded only where a password is scored.

// zxcvbn's matching grows steeply with length (2.2 s of event loop for 256 random characters); the first 64
// characters decide the score of any real password, so longer ones are scored on those. The server builds
// its checker with these same options on its own thread (lib/security/strength-thread.ts).
export const STRENGTH_OPTIONS = { maxLength: 64, l33tMaxSubstitutions: 10 } as const;

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

/** zxcvbn's score of a password, with its feedback keys. */
export type StrengthScore = Pick<PasswordVerdict, "score" | "warning" | "suggestion">;

/** What zxcvbn is told about the person, to find in the password: values of 3 characters or more. */
export function strengthInputs(context: PasswordContext): string[] {
  const local = context.email?.split("@")[0];
  return [context.username, local, context.email, context.appName].filter((v): v is string => !!v && v.length >= 3);
}

/** The score and feedback keys of a zxcvbn result (the part of it that crosses threads). */
export function strengthScoreOf(result: Pick<ZxcvbnResult, "score" | "feedback">): StrengthScore {
  return {
    score: result.score,
    warning: result.feedback.warning ?? undefined,
    suggestion: result.feedback.suggestions[0] ?? undefined,
  };
}

/** The verdict on a password given its score: what it may not contain, then the minimum score. */
export function judgePassword(
  password: string,
  context: PasswordContext,
  { score, warning, suggestion }: StrengthScore,
): PasswordVerdict {
  const lower = password.toLowerCase();
  const local = context.email?.split("@")[0];
  if (context.username && context.username.length >= 3 && lower.includes(context.username.toLowerCase())) {
    return { ok: false, score, reason: "passwordContainsUsername" };
  }
  if (local && local.length >= 3 && lower.includes(local.toLowerCase())) {
    return { ok: false, score, reason: "passwordContainsEmail" };
  }
  if (context.appName && context.appName.length >= 3 && lower.includes(context.appName.toLowerCase())) {
    return { ok: false, score, reason: "passwordContainsAppName" };
  }
  if (score < MIN_SCORE) return { ok: false, score, reason: "passwordTooGuessable", warning, suggestion };
  return { ok: true, score, suggestion };
}
