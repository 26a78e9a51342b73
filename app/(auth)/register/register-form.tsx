"use client";

import { useTranslations } from "next-intl";
import { useActionState, useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import {
  enhancedSubmit,
  Field,
  FormAlert,
  lazyResolver,
  SubmitButton,
  useFieldErrors,
  useFocusFirstError,
} from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import { register, type RegisterState } from "./actions";

const FIELDS = ["username", "email", "password", "confirmPassword"];

export function RegisterForm({ minLength, appName }: { minLength: number; appName: string }) {
  const t = useTranslations("Register");
  const [state, formAction, pending] = useActionState<RegisterState, FormData>(register, {});
  // The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
  const validation = useMemo(
    () => lazyResolver(() => import("@/lib/shared/validation").then((m) => m.registerSchema(minLength))),
    [minLength],
  );
  const form = useForm({
    resolver: validation.resolver,
    mode: "onTouched",
    defaultValues: {
      username: state.values?.username ?? "",
      email: state.values?.email ?? "",
      password: "",
      confirmPassword: "",
    },
  });
  const errors = form.formState.errors;
  useFocusFirstError(state.fieldErrors, FIELDS);
  const error = useFieldErrors(errors, state.fieldErrors, { min: minLength, appName });
  const [username, email, password] = useWatch({ control: form.control, name: ["username", "email", "password"] });

  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} onFocus={validation.preload} noValidate>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <Field
        label={t("username")}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        maxLength={32}
        error={error("username")}
        defaultValue={state.values?.username}
        hint={t("usernameHint")}
        {...form.register("username")}
      />
      <Field
        label={t("email")}
        type="email"
        autoComplete="email"
        required
        error={error("email")}
        defaultValue={state.values?.email}
        {...form.register("email")}
      />
      <PasswordField
        label={t("password")}
        autoComplete="new-password"
        required
        maxLength={256}
        error={error("password")}
        value={password}
        strength={{ minLength, context: { username, email, appName } }}
        {...form.register("password")}
      />
      <PasswordField
        label={t("repeatPassword")}
        autoComplete="new-password"
        required
        maxLength={256}
        error={error("confirmPassword")}
        {...form.register("confirmPassword")}
      />
      <SubmitButton pending={pending} pendingText={t("pending")}>
        {t("submit")}
      </SubmitButton>
    </form>
  );
}
