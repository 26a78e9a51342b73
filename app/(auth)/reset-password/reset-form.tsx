"use client";

import { useTranslations } from "next-intl";
import { useActionState, useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import {
  enhancedSubmit,
  FormAlert,
  lazyResolver,
  SubmitButton,
  useFieldErrors,
  useFocusFirstError,
} from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import type { PasswordContext } from "@/lib/shared/password-policy";
import { chooseNewPassword, resendResetLink, type ResetState } from "./actions";

const FIELDS = ["password", "confirmPassword"];

export function ResetForm({ minLength, context }: { minLength: number; context: PasswordContext }) {
  const t = useTranslations("ResetPassword");
  const common = useTranslations("Common");
  const [state, formAction, pending] = useActionState<ResetState, FormData>(chooseNewPassword, {});
  // The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
  const validation = useMemo(
    () => lazyResolver(() => import("@/lib/shared/validation").then((m) => m.newPasswordFormSchema(minLength))),
    [minLength],
  );
  const form = useForm({
    resolver: validation.resolver,
    mode: "onTouched",
    defaultValues: { password: "", confirmPassword: "" },
  });
  const errors = form.formState.errors;
  useFocusFirstError(state.fieldErrors, FIELDS);
  const error = useFieldErrors(errors, state.fieldErrors, { min: minLength, appName: context.appName });
  const password = useWatch({ control: form.control, name: "password" });
  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} onFocus={validation.preload} noValidate>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <PasswordField
        label={t("newPassword")}
        autoComplete="new-password"
        required
        maxLength={256}
        value={password}
        error={error("password")}
        strength={{ minLength, context }}
        {...form.register("password")}
      />
      <PasswordField
        label={t("repeatNewPassword")}
        autoComplete="new-password"
        required
        maxLength={256}
        error={error("confirmPassword")}
        {...form.register("confirmPassword")}
      />
      <SubmitButton pending={pending} pendingText={common("saving")}>
        {t("submit")}
      </SubmitButton>
    </form>
  );
}

export function ResendResetForm() {
  const t = useTranslations("ResetPassword");
  const common = useTranslations("Common");
  const [state, formAction, pending] = useActionState<ResetState>(resendResetLink, {});
  if (state.sent) return <FormAlert kind="ok">{t("resent")}</FormAlert>;
  return (
    <form action={formAction}>
      <SubmitButton pending={pending} pendingText={common("sending")}>
        {common("sendNewLink")}
      </SubmitButton>
    </form>
  );
}
