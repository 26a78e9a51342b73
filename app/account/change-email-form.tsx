"use client";

import { useActionState } from "react";
import { useForm } from "react-hook-form";
import {
  enhancedSubmit,
  Field,
  FormAlert,
  lazyResolver,
  SubmitButton,
  useFocusFirstError,
} from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import { changeEmailAction, type ChangeEmailState } from "./actions";

// The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
const validation = lazyResolver(() => import("@/lib/shared/validation").then((m) => m.changeEmailSchema));
const FIELDS = ["newEmail", "password"];

export function ChangeEmailForm() {
  const [state, formAction, pending] = useActionState<ChangeEmailState, FormData>(changeEmailAction, {});
  const form = useForm({
    resolver: validation.resolver,
    mode: "onTouched",
    defaultValues: { newEmail: "", password: "" },
  });
  const errors = form.formState.errors;
  useFocusFirstError(state.fieldErrors, FIELDS);
  if (state.sentTo) {
    return (
      <FormAlert kind="ok">
        We sent a link to {state.sentTo}. Your address changes once you open it; until then nothing changes. No link
        arrives if that address cannot be used for your account.
      </FormAlert>
    );
  }
  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} onFocus={validation.preload} noValidate>
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
