"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { ServerForm, SubmitButton, UsernameForPasswordManagers, useServerForm } from "@/app/components/form";
import { lazyCheck } from "@/app/components/form-check";
import { NewPasswordField } from "@/app/components/new-password-field";
import { PasswordField } from "@/app/components/password-field";
import type { PasswordContext } from "@/lib/shared/password-policy";
import { changePasswordAction, type ChangePasswordState } from "./actions";

export function ChangePasswordForm({ minLength, context }: { minLength: number; context: PasswordContext }) {
  const t = useTranslations("Account");
  // The schema (lib/shared/validation, with zod) loads when the form is first focused, not with the page.
  const validation = useMemo(
    () => lazyCheck(() => import("@/lib/shared/validation").then((m) => m.changePasswordSchema(minLength))),
    [minLength],
  );
  const serverForm = useServerForm({
    action: changePasswordAction,
    initialState: {} as ChangePasswordState,
    validation,
    fields: ["currentPassword", "newPassword", "confirmPassword"],
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
    clearAfterFailure: ["currentPassword"],
    values: { min: minLength, appName: context.appName },
  });
  const { form, pending, errorFor } = serverForm;
  const newPassword = form.values.newPassword;
  return (
    <ServerForm of={serverForm}>
      <UsernameForPasswordManagers username={context.username} />
      <PasswordField
        label={t("currentPassword")}
        autoComplete="current-password"
        required
        maxLength={256}
        error={errorFor("currentPassword")}
        {...form.register("currentPassword")}
      />
      <NewPasswordField
        label={t("newPassword")}
        autoComplete="new-password"
        required
        maxLength={256}
        value={newPassword}
        error={errorFor("newPassword")}
        minLength={minLength}
        context={context}
        {...form.register("newPassword")}
      />
      <PasswordField
        label={t("repeatNewPassword")}
        autoComplete="new-password"
        required
        maxLength={256}
        error={errorFor("confirmPassword")}
        {...form.register("confirmPassword")}
      />
      <SubmitButton pending={pending} pendingText={t("changePasswordPending")} className="button">
        {t("changePassword")}
      </SubmitButton>
    </ServerForm>
  );
}
