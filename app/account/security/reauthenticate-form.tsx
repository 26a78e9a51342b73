"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormAlert, SubmitButton, useFocusFirstError } from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import { reauthenticateAction, type SecurityFormState } from "./actions";

const FIELDS = ["password"];

export function ReauthenticateForm() {
  const t = useTranslations("Security");
  const [state, formAction, pending] = useActionState<SecurityFormState, FormData>(reauthenticateAction, {});
  useFocusFirstError(state.fieldErrors, FIELDS);
  return (
    <>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <form action={formAction} noValidate>
        <PasswordField
          name="password"
          label={t("password")}
          autoComplete="current-password"
          required
          maxLength={256}
          error={state.fieldErrors?.password?.[0]}
        />
        <SubmitButton pending={pending} pendingText={t("checking")}>
          {t("continue")}
        </SubmitButton>
      </form>
    </>
  );
}
