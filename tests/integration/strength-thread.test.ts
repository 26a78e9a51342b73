import { describe, expect, it } from "vitest";
import { dictionary as portugueseDictionary } from "@zxcvbn-ts/language-pt-br";
import { passwordPolicyErrors } from "@/lib/accounts/passwords";
import { scorePasswordOffThread } from "@/lib/security/strength-thread";
import { strengthInputs } from "@/lib/shared/password-policy";
import { scorePassword } from "@/lib/shared/password-strength";

// The server scores passwords on a thread of its own, with every language's dictionaries loaded there. It must
// give exactly the verdicts the in-process checker gives with the same dictionaries, to the right caller.

const EVERY_LANGUAGE = [{ name: "pt-BR", dictionary: portugueseDictionary }];
const person = { username: "marjorie", email: "marjorie.dawes@example.com", appName: "Accounts" };
const inputs = strengthInputs(person);

const passwords = [
  "cachorroquentes", // common in Brazilian Portuguese only
  "password1234567",
  "correct horse battery staple",
  "Marjorie-Dawes-1987!",
  "tr0ub4dour&3-xq",
  "kX9#mq2Lw!vB7zR4pT",
];

describe("the strength thread", () => {
  it("scores as the in-process checker does with the same dictionaries", async () => {
    for (const password of passwords) {
      expect(await scorePasswordOffThread(password, inputs)).toEqual(scorePassword(password, inputs, EVERY_LANGUAGE));
    }
  });

  it("answers each of many passwords posted at once with its own score", async () => {
    const scores = await Promise.all(passwords.map((password) => scorePasswordOffThread(password, inputs)));
    expect(scores).toEqual(passwords.map((password) => scorePassword(password, inputs, EVERY_LANGUAGE)));
    // The set is not uniform, so answers handed to the wrong caller would show.
    expect(new Set(scores.map((score) => score.score)).size).toBeGreaterThan(1);
  });

  it("is what the server's policy asks: a common Portuguese password is refused", async () => {
    // 15 characters, the test minimum: English-only scores it 4, with the Portuguese dictionary 2.
    expect(await passwordPolicyErrors("cachorroquentes", {})).toEqual({ password: ["passwordTooGuessable"] });
    expect(await passwordPolicyErrors("kX9#mq2Lw!vB7zR4pT", { username: "marjorie" })).toBeNull();
    // Scored on the thread, not by the fallback on this one.
    const thread = (globalThis as { __accountsStrengthThread?: { worker?: unknown; failed: boolean } })
      .__accountsStrengthThread;
    expect(thread).toMatchObject({ failed: false, worker: expect.anything() });
  });
});
