"use client";

import { useActionState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { enhancedSubmit, Field, FormAlert, SubmitButton, useFocusFirstError } from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import { changeEmailSchema } from "@/lib/validation";
import { changeEmailAction, type ChangeEmailState } from "./actions";

const FIELDS = ["newEmail", "password"];

export function ChangeEmailForm() {
  const [state, formAction, pending] = useActionState<ChangeEmailState, FormData>(changeEmailAction, {});
  const form = useForm({
    resolver: zodResolver(changeEmailSchema),
    mode: "onTouched",
    defaultValues: { newEmail: "", password: "" },
  });
  const errors = form.formState.errors;
  useFocusFirstError(state.fieldErrors, FIELDS);
  if (state.sentTo) {
    return (
      <FormAlert kind="ok">
        We sent a link to {state.sentTo}. Your address changes once you open it; until then nothing changes.
      </FormAlert>
    );
  }
  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} noValidate>
      <Field
        label="New email"
        type="email"
        autoComplete="email"
        required
        error={errors.newEmail?.message ?? state.fieldErrors?.newEmail?.[0]}
        {...form.register("newEmail")}
      />
      <PasswordField
        label="Your password"
        autoComplete="current-password"
        required
        maxLength={256}
        error={errors.password?.message ?? state.fieldErrors?.password?.[0]}
        {...form.register("password")}
      />
      <SubmitButton pending={pending} pendingText="Sending…" className="button">
        Change email
      </SubmitButton>
    </form>
  );
}
