"use client";

import { useTranslations } from "next-intl";
import { useActionState, useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import { enhancedSubmit, lazyResolver, SubmitButton, useFieldErrors, useFocusFirstError } from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import type { PasswordContext } from "@/lib/shared/password-policy";
import { changePasswordAction, type ChangePasswordState } from "./actions";

const FIELDS = ["currentPassword", "newPassword", "confirmPassword"];

export function ChangePasswordForm({ minLength, context }: { minLength: number; context: PasswordContext }) {
  const t = useTranslations("Account");
  const [state, formAction, pending] = useActionState<ChangePasswordState, FormData>(changePasswordAction, {});
  // The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
  const validation = useMemo(
    () => lazyResolver(() => import("@/lib/shared/validation").then((m) => m.changePasswordSchema(minLength))),
    [minLength],
  );
  const form = useForm({
    resolver: validation.resolver,
    mode: "onTouched",
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const errors = form.formState.errors;
  useFocusFirstError(state.fieldErrors, FIELDS);
  const error = useFieldErrors(errors, state.fieldErrors, { min: minLength, appName: context.appName });
  const newPassword = useWatch({ control: form.control, name: "newPassword" });
  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} onFocus={validation.preload} noValidate>
      <PasswordField
        label={t("currentPassword")}
        autoComplete="current-password"
        required
        maxLength={256}
        error={error("currentPassword")}
        {...form.register("currentPassword")}
      />
      <PasswordField
        label={t("newPassword")}
        autoComplete="new-password"
        required
        maxLength={256}
        value={newPassword}
        error={error("newPassword")}
        strength={{ minLength, context }}
        {...form.register("newPassword")}
      />
      <PasswordField
        label={t("repeatNewPassword")}
        autoComplete="new-password"
        required
        maxLength={256}
        error={error("confirmPassword")}
        {...form.register("confirmPassword")}
      />
      <SubmitButton pending={pending} pendingText={t("changePasswordPending")} className="button">
        {t("changePassword")}
      </SubmitButton>
    </form>
  );
}
