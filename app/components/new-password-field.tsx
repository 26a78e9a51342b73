"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState, type ComponentProps } from "react";
import type { PasswordContext, PasswordVerdict } from "@/lib/shared/password-policy";
import { PasswordField } from "./password-field";

// A field for a new password: the password field with live strength feedback. The estimator (with its
// dictionaries) is loaded only once the user starts typing, so it never weighs on the page's first load;
// the Brazilian Portuguese dictionary and feedback are loaded only on pages in Portuguese. A module of its
// own, so the pages that only ask for a password (sign-in) do not load the meter. Needs the
// "PasswordField" and "Validation" messages.

const COLOURS = ["#b91c1c", "#c2410c", "#a16207", "#15803d", "#166534"];
const LEVELS = ["level0", "level1", "level2", "level3", "level4"] as const;

/** zxcvbn's feedback texts in one language (a language pack's `translations`). */
type Feedback = { warnings: Record<string, string>; suggestions: Record<string, string> };
type Strength = { verdict: PasswordVerdict; feedback: Feedback };

type Props = Omit<ComponentProps<typeof PasswordField>, "hint" | "value"> & {
  /** The password as typed, which the meter rates. */
  value: string;
  /** The username and email, so the meter flags passwords that contain them. */
  context: PasswordContext;
  minLength: number;
};

export function NewPasswordField({ value, context, minLength, ...field }: Props) {
  const checked = useStrength(value, context);
  const hint = (
    <StrengthHint
      password={value}
      minLength={minLength}
      strength={checked}
      appName={context.appName}
      hasError={Boolean(field.error)}
    />
  );
  return <PasswordField hint={hint} {...field} />;
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
