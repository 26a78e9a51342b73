"use client";

import Link from "next/link";
import { useActionState, useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import { enhancedSubmit, FormAlert, lazyResolver, SubmitButton, useFocusFirstError } from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import type { PasswordContext } from "@/lib/shared/password-policy";
import { applyEmailChange, undoEmailChange, type EmailChangeLinkState } from "./actions";

/** "Use this address": one button. */
export function ApplyEmailChangeForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<EmailChangeLinkState, FormData>(applyEmailChange, {});
  if (state.done) {
    return (
      <FormAlert kind="ok">
        Your email address was changed. <Link href="/account">Go to your account</Link>.
      </FormAlert>
    );
  }
  return (
    <form action={formAction}>
      {state.error && <FormAlert kind="error">{state.error}</FormAlert>}
      <input type="hidden" name="token" value={token} />
      <SubmitButton pending={pending} pendingText="Saving…">
        Use this address
      </SubmitButton>
    </form>
  );
}

const UNDO_FIELDS = ["password", "confirmPassword"];

/** "Undo the change": a new password in the same step, since whoever made the change may know the old one. */
export function UndoEmailChangeForm({
  token,
  minLength,
  context,
}: {
  token: string;
  minLength: number;
  context: PasswordContext;
}) {
  const [state, formAction, pending] = useActionState<EmailChangeLinkState, FormData>(undoEmailChange, {});
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
  useFocusFirstError(state.fieldErrors, UNDO_FIELDS);
  const password = useWatch({ control: form.control, name: "password" });
  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} onFocus={validation.preload} noValidate>
      {state.error && <FormAlert kind="error">{state.error}</FormAlert>}
      <input type="hidden" name="token" value={token} />
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
        Undo the change and sign out everywhere
      </SubmitButton>
    </form>
  );
}
