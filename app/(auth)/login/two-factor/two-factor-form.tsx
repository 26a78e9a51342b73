"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field, FormAlert, SubmitButton, useFocusFirstError } from "@/app/components/form";
import { verifySecondStep, type SecondStepState } from "./actions";

const FIELDS = ["code"];

export function TwoFactorForm({ callbackUrl, recovery }: { callbackUrl: string; recovery: boolean }) {
  const t = useTranslations("TwoFactor");
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
            label={t("recoveryLabel")}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={40}
            hint={t("recoveryHint")}
            error={state.fieldErrors?.code?.[0]}
          />
        ) : (
          <Field
            key="totp"
            name="code"
            label={t("codeLabel")}
            autoComplete="one-time-code"
            inputMode="numeric"
            pattern="[0-9 ]*"
            required
            maxLength={7}
            autoFocus
            hint={t("codeHint")}
            error={state.fieldErrors?.code?.[0]}
          />
        )}
        <div className="field checkbox">
          <input type="checkbox" id="field-remember" name="remember" />
          <label htmlFor="field-remember">{t("remember")}</label>
        </div>
        <SubmitButton pending={pending} pendingText={t("checking")}>
          {t("verify")}
        </SubmitButton>
      </form>
      <p className="after-form">
        <Link href={`/login/two-factor?${other}`}>
          {recovery ? t("useApp") : t("useRecovery")}
        </Link>
      </p>
    </>
  );
}
