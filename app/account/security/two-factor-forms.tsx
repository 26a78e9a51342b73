"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { Field, FormAlert, SubmitButton, useFocusFirstError } from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import { confirmTotpAction, disableTotpAction, regenerateCodesAction, type SecurityFormState } from "./actions";

const CODE_FIELDS = ["code"];
const DISABLE_FIELDS = ["password", "code"];

export function ConfirmTotpForm() {
  const [state, formAction, pending] = useActionState<SecurityFormState, FormData>(confirmTotpAction, {});
  useFocusFirstError(state.fieldErrors, CODE_FIELDS);
  if (state.recoveryCodes) {
    return (
      <>
        <FormAlert kind="ok">Two-factor sign-in is on.</FormAlert>
        <RecoveryCodes codes={state.recoveryCodes} />
      </>
    );
  }
  return (
    <>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <form action={formAction} noValidate style={{ maxWidth: 440 }}>
        <Field
          name="code"
          label="6-digit code from the app"
          autoComplete="one-time-code"
          inputMode="numeric"
          required
          maxLength={7}
          error={state.fieldErrors?.code?.[0]}
        />
        <SubmitButton pending={pending} pendingText="Checking…" className="button">
          Turn on two-factor sign-in
        </SubmitButton>
      </form>
    </>
  );
}

export function RegenerateCodesForm() {
  const [state, formAction, pending] = useActionState<SecurityFormState>(regenerateCodesAction, {});
  if (state.recoveryCodes) return <RecoveryCodes codes={state.recoveryCodes} />;
  return (
    <form action={formAction}>
      <SubmitButton pending={pending} pendingText="Making codes…" className="button secondary">
        Make new recovery codes
      </SubmitButton>
    </form>
  );
}

/** The codes, shown this once, with a download and a copy button. */
function RecoveryCodes({ codes }: { codes: string[] }) {
  const [copied, setCopied] = useState(false);
  const text = `Recovery codes (each works once):\n\n${codes.join("\n")}\n`;
  return (
    <div>
      <h3>Save your recovery codes</h3>
      <p>
        Keep these somewhere safe, away from your phone. Each one signs you in once if you lose your authenticator app.
        They are shown only now.
      </p>
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="actions" style={{ justifyContent: "flex-start" }}>
        <a
          className="button secondary"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="recovery-codes.txt"
        >
          Download as text
        </a>
        <button
          type="button"
          className="button secondary"
          onClick={() => void navigator.clipboard.writeText(text).then(() => setCopied(true))}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <Link className="button" href="/account/security">
          I saved them
        </Link>
      </div>
    </div>
  );
}

export function DisableTotpForm() {
  const [state, formAction, pending] = useActionState<SecurityFormState, FormData>(disableTotpAction, {});
  useFocusFirstError(state.fieldErrors, DISABLE_FIELDS);
  return (
    <>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <form action={formAction} noValidate style={{ maxWidth: 440 }}>
        <PasswordField
          name="password"
          label="Your password"
          autoComplete="current-password"
          required
          maxLength={256}
          error={state.fieldErrors?.password?.[0]}
        />
        <Field
          name="code"
          label="Code from the app, or a recovery code"
          autoComplete="one-time-code"
          required
          maxLength={40}
          error={state.fieldErrors?.code?.[0]}
        />
        <SubmitButton pending={pending} pendingText="Turning off…" className="button danger">
          Turn off two-factor sign-in
        </SubmitButton>
      </form>
    </>
  );
}
