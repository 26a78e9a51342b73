"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { EmailField, Field, ServerForm, SubmitButton, useServerForm } from "@/app/components/form";
import { lazyCheck } from "@/app/components/form-check";
import { NewPasswordField } from "@/app/components/new-password-field";
import { register, type RegisterState } from "./actions";

export function RegisterForm({ minLength, appName }: { minLength: number; appName: string }) {
  const t = useTranslations("Register");
  // The schema (lib/shared/validation, with zod) loads when the form is first focused, not with the page.
  const validation = useMemo(
    () => lazyCheck(() => import("@/lib/shared/validation").then((m) => m.registerSchema(minLength))),
    [minLength],
  );
  const serverForm = useServerForm({
    action: register,
    initialState: {} as RegisterState,
    validation,
    fields: ["username", "email", "password"],
    defaultValues: { username: "", email: "", password: "" },
    values: { min: minLength, appName },
  });
  const { state, form, pending, errorFor } = serverForm;
  const { username, email, password } = form.values;

  return (
    <ServerForm of={serverForm}>
      <Field
        label={t("username")}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        maxLength={32}
        error={errorFor("username")}
        defaultValue={state.values?.username}
        hint={t("usernameHint")}
        {...form.register("username")}
      />
      <EmailField
        label={t("email")}
        error={errorFor("email")}
        defaultValue={state.values?.email}
        {...form.register("email")}
      />
      <NewPasswordField
        label={t("password")}
        autoComplete="new-password"
        required
        maxLength={256}
        error={errorFor("password")}
        value={password}
        minLength={minLength}
        context={{ username, email, appName }}
        {...form.register("password")}
      />
      <SubmitButton pending={pending} pendingText={t("pending")}>
        {t("submit")}
      </SubmitButton>
    </ServerForm>
  );
}
