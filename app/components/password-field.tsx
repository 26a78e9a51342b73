"use client";

import { useEffect, useState, type InputHTMLAttributes } from "react";
import type { PasswordContext, PasswordVerdict } from "@/lib/shared/password-policy";
import { Field } from "./form";

// A password input with show/hide and live strength feedback. The estimator (with its dictionaries) is
// loaded only once the user starts typing, so it never weighs on the page's first load.

const LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"];
const COLOURS = ["#b91c1c", "#c2410c", "#a16207", "#15803d", "#166534"];

type Props = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  error?: string;
  /** Show a strength meter; pass the username and email so the meter flags passwords that contain them. */
  strength?: { context: PasswordContext; minLength: number };
  value?: string;
};

export function PasswordField({ name, label, error, strength, value, ...input }: Props) {
  const [visible, setVisible] = useState(false);
  const verdict = useStrength(strength ? (value ?? "") : "", strength?.context);
  const hint = strength ? (
    <StrengthHint password={value ?? ""} minLength={strength.minLength} verdict={verdict} />
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
        {visible ? "Hide" : "Show"}
      </button>
    </Field>
  );
}

function StrengthHint({
  password,
  minLength,
  verdict,
}: {
  password: string;
  minLength: number;
  verdict: PasswordVerdict | null;
}) {
  if (!password) return <>At least {minLength} characters. Long passphrases of unrelated words are best.</>;
  if (password.length < minLength) return <>{minLength - password.length} more characters needed.</>;
  if (!verdict) return <>Checking strength…</>;
  return (
    <>
      <div className="strength" aria-hidden="true">
        <span style={{ width: `${(verdict.score + 1) * 20}%`, background: COLOURS[verdict.score] }} />
      </div>
      <span>
        Strength: {LABELS[verdict.score]}. {verdict.reason ?? verdict.suggestion ?? ""}
      </span>
    </>
  );
}

function useStrength(password: string, context: PasswordContext | undefined): PasswordVerdict | null {
  const [verdict, setVerdict] = useState<PasswordVerdict | null>(null);
  const username = context?.username;
  const email = context?.email;
  const appName = context?.appName;
  useEffect(() => {
    if (!password) return;
    let current = true;
    const timer = setTimeout(async () => {
      const { checkPasswordStrength } = await import("@/lib/shared/password-policy");
      if (current) setVerdict(checkPasswordStrength(password, { username, email, appName }));
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, username, email, appName]);
  return password ? verdict : null;
}
