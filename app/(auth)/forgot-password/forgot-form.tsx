"use client";

import { useActionState } from "react";
import { useForm } from "react-hook-form";
import { ifAccountExistsMessage } from "@/lib/shared/messages";
import {
  enhancedSubmit,
  Field,
  FormAlert,
  lazyResolver,
  SubmitButton,
  useFocusFirstError,
} from "@/app/components/form";
import { forgotPassword, type ForgotState } from "./actions";

// The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
const validation = lazyResolver(() => import("@/lib/shared/validation").then((m) => m.forgotPasswordSchema));
const FIELDS = ["email"];

export function ForgotForm({ initialEmail }: { initialEmail: string }) {
  const [state, formAction, pending] = useActionState<ForgotState, FormData>(forgotPassword, {});
  const form = useForm({
    resolver: validation.resolver,
    mode: "onTouched",
    defaultValues: { email: initialEmail },
  });
  useFocusFirstError(state.fieldErrors, FIELDS);
  if (state.sent) {
    return (
      <FormAlert kind="ok">
        {ifAccountExistsMessage(state.email)} Check your inbox (and your spam folder).
      </FormAlert>
    );
  }
  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} onFocus={validation.preload} noValidate>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <Field
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.email ?? initialEmail}
        error={form.formState.errors.email?.message ?? state.fieldErrors?.email?.[0]}
        {...form.register("email")}
      />
      <SubmitButton pending={pending} pendingText="Sending…">
        Send me a reset link
      </SubmitButton>
    </form>
  );
}
