"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useForm } from "react-hook-form";
import {
  enhancedSubmit,
  Field,
  FormAlert,
  lazyResolver,
  SubmitButton,
  useFieldErrors,
  useFocusFirstError,
} from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import { changeEmailAction, type ChangeEmailState } from "./actions";

// The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
const validation = lazyResolver(() => import("@/lib/shared/validation").then((m) => m.changeEmailSchema));
const FIELDS = ["newEmail", "password"];

export function ChangeEmailForm() {
  const t = useTranslations("Account");
  const common = useTranslations("Common");
  const [state, formAction, pending] = useActionState<ChangeEmailState, FormData>(changeEmailAction, {});
  const form = useForm({
    resolver: validation.resolver,
    mode: "onTouched",
    defaultValues: { newEmail: "", password: "" },
  });
  const errors = form.formState.errors;
  useFocusFirstError(state.fieldErrors, FIELDS);
  const error = useFieldErrors(errors, state.fieldErrors);
  if (state.sentTo) {
    return <FormAlert kind="ok">{t("emailLinkSent", { email: state.sentTo })}</FormAlert>;
  }
  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} onFocus={validation.preload} noValidate>
      <Field
        label={t("newEmail")}
        type="email"
        autoComplete="email"
        required
        error={error("newEmail")}
        {...form.register("newEmail")}
      />
      <PasswordField
        label={t("yourPassword")}
        autoComplete="current-password"
        required
        maxLength={256}
        error={error("password")}
        {...form.register("password")}
      />
      <SubmitButton pending={pending} pendingText={common("sending")} className="button">
        {t("changeEmail")}
      </SubmitButton>
    </form>
  );
}
