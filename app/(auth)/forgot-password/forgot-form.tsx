"use client";

import { useActionState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { enhancedSubmit, Field, FormAlert, SubmitButton, useFocusFirstError } from "@/app/components/form";
import { forgotPasswordSchema } from "@/lib/validation";
import { forgotPassword, type ForgotState } from "./actions";

const FIELDS = ["email"];

export function ForgotForm({ initialEmail }: { initialEmail: string }) {
  const [state, formAction, pending] = useActionState<ForgotState, FormData>(forgotPassword, {});
  const form = useForm({
    resolver: zodResolver(forgotPasswordSchema),
    mode: "onTouched",
    defaultValues: { email: initialEmail },
  });
  useFocusFirstError(state.fieldErrors, FIELDS);
  if (state.sent) {
    return (
      <FormAlert kind="ok">
        If an account exists for {state.email}, we sent it a link to reset the password. Check your inbox (and your spam
        folder).
      </FormAlert>
    );
  }
  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} noValidate>
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
