"use client";

import { useEffect, useState, useSyncExternalStore, type InputHTMLAttributes } from "react";
import type { PasswordContext, PasswordVerdict } from "@/lib/shared/password-policy";
import { Field } from "./form";

// A password input with show/hide and live strength feedback. The estimator (with its dictionaries) is
// loaded only once the user starts typing, so it never weighs on the page's first load. The toggle is
// rendered only once JavaScript runs (without it, it would be a button that does nothing), and its name
// says which field it shows ("Show password", "Show current password").

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
  const hydrated = useHydrated();
  const verdict = useStrength(strength ? (value ?? "") : "", strength?.context);
  const hint = strength ? (
    <StrengthHint password={value ?? ""} minLength={strength.minLength} verdict={verdict} hasError={Boolean(error)} />
  ) : undefined;
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
          {visible ? "Hide" : "Show"}
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
  verdict,
  hasError,
}: {
  password: string;
  minLength: number;
  verdict: PasswordVerdict | null;
  hasError: boolean;
}) {
  if (!password) return <>At least {minLength} characters. Long passphrases of unrelated words are best.</>;
  // The error says what is wrong; the hint does not say it a second time.
  if (password.length < minLength) return hasError ? null : <>{minLength - password.length} more characters needed.</>;
  if (!verdict) return <>Checking strength…</>;
  // A password a rule refuses is "Not allowed", whatever its score: never a green bar beside a refusal.
  const refused = !verdict.ok && verdict.reason !== undefined && verdict.score >= 2;
  const level = refused ? "Not allowed" : LABELS[verdict.score];
  const width = refused ? 100 : (verdict.score + 1) * 20;
  const colour = refused ? COLOURS[0] : COLOURS[verdict.score];
  const detail = hasError ? "" : (verdict.reason ?? verdict.suggestion ?? "");
  return (
    <>
      <div className="strength" aria-hidden="true">
        <span style={{ width: `${width}%`, background: colour }} />
      </div>
      <span aria-live="polite">
        Strength: {level}. {detail}
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
