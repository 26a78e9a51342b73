"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { EmailField, ServerForm, SubmitButton, useServerForm } from "@/app/components/form";
import { lazyCheck } from "@/app/components/form-check";
import { PasswordField } from "@/app/components/password-field";
import { changeSignupEmail, type ChangeSignupEmailState } from "./actions";

export function ChangeSignupEmailForm({ email, minLength }: { email: string; minLength: number }) {
  const t = useTranslations("ChangeSignupEmail");
  // The schema (lib/shared/validation, with zod) loads when the form is first focused, not with the page.
  const validation = useMemo(
    () => lazyCheck(() => import("@/lib/shared/validation").then((m) => m.changeSignupEmailSchema(minLength))),
    [minLength],
  );
  const serverForm = useServerForm({
    action: changeSignupEmail,
    initialState: {} as ChangeSignupEmailState,
    validation,
    fields: ["email", "password"],
    defaultValues: { email, password: "" },
    clearAfterFailure: ["password"],
    values: { min: minLength },
  });
  const { state, form, pending, errorFor } = serverForm;
  return (
    <ServerForm of={serverForm}>
      <EmailField
        label={t("email")}
        defaultValue={state.email ?? email}
        error={errorFor("email")}
        {...form.register("email")}
      />
      <PasswordField
        label={t("password")}
        autoComplete="current-password"
        required
        maxLength={256}
        hint={t("passwordHint")}
        error={errorFor("password")}
        {...form.register("password")}
      />
      <SubmitButton pending={pending} pendingText={t("pending")}>
        {t("submit")}
      </SubmitButton>
    </ServerForm>
  );
}
