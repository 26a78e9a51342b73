"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState, type InputHTMLAttributes } from "react";
import type { PasswordContext, PasswordVerdict } from "@/lib/shared/password-policy";
import { Field } from "./form";

// A password input with show/hide and live strength feedback. The estimator (with its dictionaries) is
// loaded only once the user starts typing, so it never weighs on the page's first load; the Brazilian
// Portuguese dictionary and feedback are loaded only on pages in Portuguese. Needs the "PasswordField"
// and "Validation" messages.

const COLOURS = ["#b91c1c", "#c2410c", "#a16207", "#15803d", "#166534"];
const LEVELS = ["level0", "level1", "level2", "level3", "level4"] as const;

type Props = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  error?: string;
  /** Show a strength meter; pass the username and email so the meter flags passwords that contain them. */
  strength?: { context: PasswordContext; minLength: number };
  value?: string;
};

/** zxcvbn's feedback texts in one language (a language pack's `translations`). */
type Feedback = { warnings: Record<string, string>; suggestions: Record<string, string> };
type Strength = { verdict: PasswordVerdict; feedback: Feedback };

export function PasswordField({ name, label, error, strength, value, ...input }: Props) {
  const t = useTranslations("PasswordField");
  const [visible, setVisible] = useState(false);
  const checked = useStrength(strength ? (value ?? "") : "", strength?.context);
  const hint = strength ? (
    <StrengthHint
      password={value ?? ""}
      minLength={strength.minLength}
      strength={checked}
      appName={strength.context.appName}
    />
  ) : undefined;
  return (
    <Field name={name} label={label} error={error} hint={hint} type={visible ? "text" : "password"} {...input}>
      <button
        type="button"
        className="button secondary small"
        aria-pressed={visible}
        aria-controls={`field-${name}`}
        onClick={() => setVisible((v) => !v)}
      >
        {visible ? t("hide") : t("show")}
      </button>
    </Field>
  );
}

function StrengthHint({
  password,
  minLength,
  strength,
  appName,
}: {
  password: string;
  minLength: number;
  strength: Strength | null;
  appName?: string;
}) {
  const t = useTranslations("PasswordField");
  const tv = useTranslations("Validation");
  if (!password) return <>{t("hint", { min: minLength })}</>;
  if (password.length < minLength) return <>{t("moreNeeded", { count: minLength - password.length })}</>;
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
  return (
    <>
      <div className="strength" aria-hidden="true">
        <span style={{ width: `${(verdict.score + 1) * 20}%`, background: COLOURS[verdict.score] }} />
      </div>
      <span>
        {t("strength", { level: t(LEVELS[verdict.score]) })} {reason ?? suggestion ?? ""}
      </span>
    </>
  );
}

/** The policy with the page language's dictionary and feedback, loaded on first use. */
async function loadChecker(locale: string) {
  const [{ checkPasswordStrength }, english] = await Promise.all([
    import("@/lib/shared/password-policy"),
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
