"use client";

import { useActionState, useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import { enhancedSubmit, FormAlert, lazyResolver, SubmitButton, useFocusFirstError } from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import type { PasswordContext } from "@/lib/shared/password-policy";
import { chooseNewPassword, resendResetLink, type ResetState } from "./actions";

const FIELDS = ["password", "confirmPassword"];

export function ResetForm({ minLength, context }: { minLength: number; context: PasswordContext }) {
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
  const password = useWatch({ control: form.control, name: "password" });
  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} onFocus={validation.preload} noValidate>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <PasswordField
        label="New password"
        autoComplete="new-password"
        required
        maxLength={256}
        value={password}
        error={errors.password?.message ?? state.fieldErrors?.password?.[0]}
        strength={{ minLength, context }}
        {...form.register("password")}
      />
      <PasswordField
        label="Repeat new password"
        autoComplete="new-password"
        required
        maxLength={256}
        error={errors.confirmPassword?.message ?? state.fieldErrors?.confirmPassword?.[0]}
        {...form.register("confirmPassword")}
      />
      <SubmitButton pending={pending} pendingText="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}

export function ResendResetForm() {
  const [state, formAction, pending] = useActionState<ResetState>(resendResetLink, {});
  if (state.sent)
    return <FormAlert kind="ok">If the account still exists, a new reset link is on its way to its inbox.</FormAlert>;
  return (
    <form action={formAction}>
      <SubmitButton pending={pending} pendingText="Sending…">
        Send me a new link
      </SubmitButton>
    </form>
  );
}
