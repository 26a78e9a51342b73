"use client";

import { useTranslations } from "next-intl";
import { useState, useSyncExternalStore, type InputHTMLAttributes, type ReactNode } from "react";
import { Field } from "./form";

// A password input with show/hide. The toggle is rendered only once JavaScript runs (without it, it would be
// a button that does nothing), and its name says which field it shows ("Show password", "Show current
// password"). A field for a new password has a strength meter too: app/components/new-password-field.tsx.
// Needs the "PasswordField" messages.

type Props = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
};

export function PasswordField({ name, label, error, hint, ...input }: Props) {
  const t = useTranslations("PasswordField");
  const [visible, setVisible] = useState(false);
  const hydrated = useHydrated();
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
