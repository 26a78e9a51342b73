"use client";

import { useTranslations } from "next-intl";
import { useActionState, useMemo } from "react";
import {
  ServerForm,
  SubmitButton,
  SuccessPanel,
  UsernameForPasswordManagers,
  useServerForm,
} from "@/app/components/form";
import { lazyCheck } from "@/app/components/form-check";
import { NewPasswordField } from "@/app/components/new-password-field";
import { PasswordField } from "@/app/components/password-field";
import type { PasswordContext } from "@/lib/shared/password-policy";
import { chooseNewPassword, resendResetLink, type ResetState } from "./actions";

export function ResetForm({ minLength, context }: { minLength: number; context: PasswordContext }) {
  const t = useTranslations("ResetPassword");
  const common = useTranslations("Common");
  // The schema (lib/shared/validation, with zod) loads when the form is first focused, not with the page.
  const validation = useMemo(
    () => lazyCheck(() => import("@/lib/shared/validation").then((m) => m.newPasswordFormSchema(minLength))),
    [minLength],
  );
  const serverForm = useServerForm({
    action: chooseNewPassword,
    initialState: {} as ResetState,
    validation,
    fields: ["password", "confirmPassword"],
    defaultValues: { password: "", confirmPassword: "" },
    values: { min: minLength, appName: context.appName },
  });
  const { form, pending, errorFor } = serverForm;
  const password = form.values.password;
  return (
    <ServerForm of={serverForm}>
      <UsernameForPasswordManagers username={context.username} />
      <NewPasswordField
        label={t("newPassword")}
        autoComplete="new-password"
        required
        maxLength={256}
        value={password}
        error={errorFor("password")}
        minLength={minLength}
        context={context}
        {...form.register("password")}
      />
      <PasswordField
        label={t("repeatNewPassword")}
        autoComplete="new-password"
        required
        maxLength={256}
        error={errorFor("confirmPassword")}
        {...form.register("confirmPassword")}
      />
      <SubmitButton pending={pending} pendingText={common("saving")}>
        {t("submit")}
      </SubmitButton>
    </ServerForm>
  );
}

export function ResendResetForm() {
  const t = useTranslations("ResetPassword");
  const common = useTranslations("Common");
  const [state, formAction, pending] = useActionState<ResetState>(resendResetLink, {});
  if (state.sent) return <SuccessPanel title={t("checkEmail")}>{t("resent")}</SuccessPanel>;
  return (
    <form action={formAction}>
      <SubmitButton pending={pending} pendingText={common("sending")}>
        {common("sendNewLink")}
      </SubmitButton>
    </form>
  );
}
