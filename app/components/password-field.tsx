"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState, useSyncExternalStore, type InputHTMLAttributes, type ReactNode } from "react";
import type { PasswordContext, PasswordVerdict } from "@/lib/shared/password-policy";
import { Field } from "./form";

// A password input with show/hide and live strength feedback. The estimator (with its dictionaries) is
// loaded only once the user starts typing, so it never weighs on the page's first load; the Brazilian
// Portuguese dictionary and feedback are loaded only on pages in Portuguese. The toggle is rendered only once
// JavaScript runs (without it, it would be a button that does nothing), and its name says which field it
// shows ("Show password", "Show current password"). Needs the "PasswordField" and "Validation" messages.

const COLOURS = ["#b91c1c", "#c2410c", "#a16207", "#15803d", "#166534"];
const LEVELS = ["level0", "level1", "level2", "level3", "level4"] as const;

type Props = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  error?: string;
  /** Show a strength meter; pass the username and email so the meter flags passwords that contain them. */
  strength?: { context: PasswordContext; minLength: number };
  value?: string;
  /** A hint for a field without a strength meter. */
  hint?: ReactNode;
};

/** zxcvbn's feedback texts in one language (a language pack's `translations`). */
type Feedback = { warnings: Record<string, string>; suggestions: Record<string, string> };
type Strength = { verdict: PasswordVerdict; feedback: Feedback };

export function PasswordField({ name, label, error, strength, value, hint: fixedHint, ...input }: Props) {
  const t = useTranslations("PasswordField");
  const [visible, setVisible] = useState(false);
  const hydrated = useHydrated();
  const checked = useStrength(strength ? (value ?? "") : "", strength?.context);
  const hint = strength ? (
    <StrengthHint
      password={value ?? ""}
      minLength={strength.minLength}
      strength={checked}
      appName={strength.context.appName}
      hasError={Boolean(error)}
    />
  ) : (
    fixedHint
  );
  const what = label.toLowerCase();
  return (
    <Field name={name} label={label} error={error} hint={hint} type={visible ? "text" : "password"} {...input}>
      {hydrated && (
        <button
          type="button"
          className="button secondary small"
          aria-pressed={visible}
          aria-controls={`field-${name}`}
          onClick={() => setVisible((v) => !v)}
        >
          {/* Named in its text rather than aria-label, so a look-up of the field by its label finds one thing. */}
          {visible ? t("hide") : t("show")}
          <span className="visually-hidden"> {what}</span>
        </button>
      )}
    </Field>
  );
}

const noSubscription = () => () => {};
/** False in the server's HTML, true once React runs in the browser. */
function useHydrated() {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

function StrengthHint({
  password,
  minLength,
  strength,
  appName,
  hasError,
}: {
  password: string;
  minLength: number;
  strength: Strength | null;
  appName?: string;
  hasError: boolean;
}) {
  const t = useTranslations("PasswordField");
  const tv = useTranslations("Validation");
  if (!password) return <>{t("hint", { min: minLength })}</>;
  // The error says what is wrong; the hint does not say it a second time.
  if (password.length < minLength)
    return hasError ? null : <>{t("moreNeeded", { count: minLength - password.length })}</>;
  if (!strength) return <>{t("checking")}</>;
  const { verdict, feedback } = strength;
  const warning = verdict.warning ? feedback.warnings[verdict.warning] : undefined;
  const suggestion = verdict.suggestion ? feedback.suggestions[verdict.suggestion] : undefined;
  const reason =
    verdict.reason === "passwordTooGuessable" && warning
      ? tv("passwordTooGuessableBecause", { warning })
      : verdict.reason
        ? tv(verdict.reason, { appName: appName ?? "" })
        : undefined;
  // A password a rule refuses is "Not allowed", whatever its score: never a green bar beside a refusal.
  const refused = !verdict.ok && verdict.reason !== undefined && verdict.score >= 2;
  const level = refused ? t("notAllowed") : t(LEVELS[verdict.score]);
  const width = refused ? 100 : (verdict.score + 1) * 20;
  const colour = refused ? COLOURS[0] : COLOURS[verdict.score];
  const detail = hasError ? "" : (reason ?? suggestion ?? "");
  return (
    <>
      <div className="strength" aria-hidden="true">
        <span style={{ width: `${width}%`, background: colour }} />
      </div>
      <span aria-live="polite">
        {t("strength", { level })} {detail}
      </span>
    </>
  );
}

/** The policy with the page language's dictionary and feedback, loaded on first use. */
async function loadChecker(locale: string) {
  const [{ checkPasswordStrength }, english] = await Promise.all([
    import("@/lib/shared/password-strength"),
    import("@zxcvbn-ts/language-en"),
  ]);
  if (locale === "pt-BR") {
    const portuguese = await import("@zxcvbn-ts/language-pt-br");
    const extra = [{ name: "pt-BR", dictionary: portuguese.dictionary }];
    return {
      feedback: portuguese.translations as Feedback,
      check: (password: string, context: PasswordContext) => checkPasswordStrength(password, context, extra),
    };
  }
  return {
    feedback: english.translations as Feedback,
    check: (password: string, context: PasswordContext) => checkPasswordStrength(password, context),
  };
}

function useStrength(password: string, context: PasswordContext | undefined): Strength | null {
  const locale = useLocale();
  const [strength, setStrength] = useState<Strength | null>(null);
  const username = context?.username;
  const email = context?.email;
  const appName = context?.appName;
  useEffect(() => {
    if (!password) return;
    let current = true;
    const timer = setTimeout(async () => {
      const checker = await loadChecker(locale);
      if (current) {
        const verdict = checker.check(password, { username, email, appName });
        setStrength({ verdict, feedback: checker.feedback });
      }
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, username, email, appName, locale]);
  return password ? strength : null;
}
