import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
import { dictionary as englishDictionary, translations } from "@zxcvbn-ts/language-en";

// The password policy (NIST SP 800-63B; SECURITY.md): a length window, no composition rules, and no common
// or context-specific passwords. Runs on the server for every password set, and in the browser (loaded on
// demand, it carries large dictionaries) for strength feedback while typing.

// zxcvbn's matching grows steeply with length (2.2 s of event loop for 256 random characters); the first 64
// characters decide the score of any real password, so longer ones are scored on those.
// Built on first use: its ranked dictionaries take ~12 MB of heap that a server which only signs people in
// never needs.
let zxcvbn: ZxcvbnFactory | undefined;
const strengthChecker = () =>
  (zxcvbn ??= new ZxcvbnFactory({
    translations,
    graphs: adjacencyGraphs,
    dictionary: { ...commonDictionary, ...englishDictionary },
    maxLength: 64,
    l33tMaxSubstitutions: 10,
  }));

export type PasswordContext = { username?: string; email?: string; appName?: string };
export type PasswordVerdict = {
  ok: boolean;
  /** 0 (guessable in seconds) to 4 (very strong). */
  score: 0 | 1 | 2 | 3 | 4;
  /** Why the password is refused; undefined when it is accepted. */
  reason?: string;
  /** A tip for a better password, shown under the strength bar. */
  suggestion?: string;
};

const MIN_SCORE = 3;

export function checkPasswordStrength(password: string, context: PasswordContext = {}): PasswordVerdict {
  const lower = password.toLowerCase();
  const local = context.email?.split("@")[0];
  const inputs = [context.username, local, context.email, context.appName].filter(
    (v): v is string => !!v && v.length >= 3,
  );
  const result = strengthChecker().check(password, inputs);
  const score = result.score;

  if (context.username && context.username.length >= 3 && lower.includes(context.username.toLowerCase())) {
    return { ok: false, score, reason: "Your password must not contain your username." };
  }
  if (local && local.length >= 3 && lower.includes(local.toLowerCase())) {
    return { ok: false, score, reason: "Your password must not contain your email address." };
  }
  if (context.appName && context.appName.length >= 3 && lower.includes(context.appName.toLowerCase())) {
    return { ok: false, score, reason: `Your password must not contain the site name (${context.appName}).` };
  }
  if (score < MIN_SCORE) {
    const reason = result.feedback.warning
      ? `This password is too easy to guess: ${result.feedback.warning.replace(/\.$/, "").toLowerCase()}.`
      : "This password is too easy to guess. Try a few unrelated words.";
    return { ok: false, score, reason, suggestion: result.feedback.suggestions[0] };
  }
  return { ok: true, score, suggestion: result.feedback.suggestions[0] };
}
