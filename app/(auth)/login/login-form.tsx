"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useForm } from "react-hook-form";
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
import { login, resendFromLogin, type LoginState } from "./actions";

// The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
const validation = lazyResolver(() => import("@/lib/shared/validation").then((m) => m.loginSchema));
const FIELDS = ["login", "password"];

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("Login");
  const [state, formAction, pending] = useActionState<LoginState, FormData>(login, {});
  const form = useForm({
    resolver: validation.resolver,
    mode: "onTouched",
    defaultValues: { login: state.login ?? "", password: "" },
  });
  const errors = form.formState.errors;
  useFocusFirstError(state.fieldErrors, FIELDS);
  const error = useFieldErrors(errors, state.fieldErrors);

  return (
    <>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      {state.unconfirmed && <ResendConfirmation login={state.login ?? ""} />}
      <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} onFocus={validation.preload} noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <Field
          label={t("login")}
          autoComplete="username webauthn"
          autoCapitalize="none"
          spellCheck={false}
          required
          error={error("login")}
          defaultValue={state.login}
          {...form.register("login")}
        />
        <PasswordField
          label={t("password")}
          autoComplete="current-password"
          required
          maxLength={256}
          error={error("password")}
          {...form.register("password")}
        />
        <SubmitButton pending={pending} pendingText={t("pending")}>
          {t("submit")}
        </SubmitButton>
      </form>
    </>
  );
}

function ResendConfirmation({ login }: { login: string }) {
  const t = useTranslations("Login");
  const common = useTranslations("Common");
  const [state, formAction, pending] = useActionState<LoginState, FormData>(resendFromLogin, {});
  if (state.resent) return <FormAlert kind="ok">{t("resent")}</FormAlert>;
  return (
    <form action={formAction} className="field">
      <input type="hidden" name="login" value={login} />
      <SubmitButton pending={pending} pendingText={common("sending")} className="button secondary">
        {t("resend")}
      </SubmitButton>
    </form>
  );
}
