"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Field, FormAlert, SubmitButton, useFocusFirstError } from "@/app/components/form";
import { verifySecondStep, type SecondStepState } from "./actions";

const FIELDS = ["code"];

export function TwoFactorForm({ callbackUrl, recovery }: { callbackUrl: string; recovery: boolean }) {
  const [state, formAction, pending] = useActionState<SecondStepState, FormData>(verifySecondStep, {});
  useFocusFirstError(state.fieldErrors, FIELDS);
  const other = new URLSearchParams({ callbackUrl, ...(recovery ? {} : { method: "recovery" }) });
  return (
    <>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <form action={formAction} noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        {recovery ? (
          <Field
            key="recovery"
            name="code"
            label="Recovery code"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={40}
            hint="One of the codes you saved when you set up two-factor sign-in, like abcd-efgh-jkmn."
            error={state.fieldErrors?.code?.[0]}
          />
        ) : (
          <Field
            key="totp"
            name="code"
            label="6-digit code"
            autoComplete="one-time-code"
            inputMode="numeric"
            pattern="[0-9 ]*"
            required
            maxLength={7}
            autoFocus
            hint="Open your authenticator app and enter the code it shows for this site."
            error={state.fieldErrors?.code?.[0]}
          />
        )}
        <div className="field checkbox">
          <input type="checkbox" id="field-remember" name="remember" />
          <label htmlFor="field-remember">Remember this browser for 30 days</label>
        </div>
        <SubmitButton pending={pending} pendingText="Checking…">
          Verify
        </SubmitButton>
      </form>
      <p>
        <Link href={`/login/two-factor?${other}`}>
          {recovery ? "Use the code from your authenticator app instead" : "Use a recovery code instead"}
        </Link>
      </p>
    </>
  );
}
