"use client";

import { useActionState, useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { enhancedSubmit, SubmitButton, useFocusFirstError } from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import type { PasswordContext } from "@/lib/password-policy";
import { changePasswordSchema } from "@/lib/validation";
import { changePasswordAction, type ChangePasswordState } from "./actions";

const FIELDS = ["currentPassword", "newPassword", "confirmPassword"];

export function ChangePasswordForm({ minLength, context }: { minLength: number; context: PasswordContext }) {
  const [state, formAction, pending] = useActionState<ChangePasswordState, FormData>(changePasswordAction, {});
  const schema = useMemo(() => changePasswordSchema(minLength), [minLength]);
  const form = useForm({
    resolver: zodResolver(schema),
    mode: "onTouched",
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const errors = form.formState.errors;
  useFocusFirstError(state.fieldErrors, FIELDS);
  const error = (name: "currentPassword" | "newPassword" | "confirmPassword") =>
    errors[name]?.message ?? state.fieldErrors?.[name]?.[0];
  const newPassword = useWatch({ control: form.control, name: "newPassword" });
  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} noValidate>
      <PasswordField
        label="Current password"
        autoComplete="current-password"
        required
        maxLength={256}
        error={error("currentPassword")}
        {...form.register("currentPassword")}
      />
      <PasswordField
        label="New password"
        autoComplete="new-password"
        required
        maxLength={256}
        value={newPassword}
        error={error("newPassword")}
        strength={{ minLength, context }}
        {...form.register("newPassword")}
      />
      <PasswordField
        label="Repeat new password"
        autoComplete="new-password"
        required
        maxLength={256}
        error={error("confirmPassword")}
        {...form.register("confirmPassword")}
      />
      <SubmitButton pending={pending} pendingText="Changing password…" className="button">
        Change password
      </SubmitButton>
    </form>
  );
}
