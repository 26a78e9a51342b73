"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { useWatch } from "react-hook-form";
import {
  ServerForm,
  SubmitButton,
  UsernameForPasswordManagers,
  lazyResolver,
  useServerForm,
} from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import type { PasswordContext } from "@/lib/shared/password-policy";
import { changePasswordAction, type ChangePasswordState } from "./actions";

export function ChangePasswordForm({ minLength, context }: { minLength: number; context: PasswordContext }) {
  const t = useTranslations("Account");
  // The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
  const validation = useMemo(
    () => lazyResolver(() => import("@/lib/shared/validation").then((m) => m.changePasswordSchema(minLength))),
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
  const newPassword = useWatch({ control: form.control, name: "newPassword" });
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
      <PasswordField
        label={t("newPassword")}
        autoComplete="new-password"
        required
        maxLength={256}
        value={newPassword}
        error={errorFor("newPassword")}
        strength={{ minLength, context }}
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
