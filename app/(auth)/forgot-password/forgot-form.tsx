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
import { forgotPassword, type ForgotState } from "./actions";

// The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
const validation = lazyResolver(() => import("@/lib/shared/validation").then((m) => m.forgotPasswordSchema));
const FIELDS = ["email"];

export function ForgotForm({ initialEmail }: { initialEmail: string }) {
  const t = useTranslations("ForgotPassword");
  const common = useTranslations("Common");
  const [state, formAction, pending] = useActionState<ForgotState, FormData>(forgotPassword, {});
  const form = useForm({
    resolver: validation.resolver,
    mode: "onTouched",
    defaultValues: { email: initialEmail },
  });
  useFocusFirstError(state.fieldErrors, FIELDS);
  const error = useFieldErrors(form.formState.errors, state.fieldErrors);
  if (state.sent) {
    return <FormAlert kind="ok">{t("sent", { email: state.email ?? "" })}</FormAlert>;
  }
  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} onFocus={validation.preload} noValidate>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <Field
        label={t("email")}
        type="email"
        autoComplete="email"
        required
        defaultValue={state.email ?? initialEmail}
        error={error("email")}
        {...form.register("email")}
      />
      <SubmitButton pending={pending} pendingText={common("sending")}>
        {t("submit")}
      </SubmitButton>
    </form>
  );
}
