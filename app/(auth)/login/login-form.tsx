"use client";

import { useActionState } from "react";
import { useForm } from "react-hook-form";
import {
  enhancedSubmit,
  Field,
  FormAlert,
  lazyResolver,
  SubmitButton,
  useFocusFirstError,
} from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import { login, resendFromLogin, type LoginState } from "./actions";

// The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
const validation = lazyResolver(() => import("@/lib/shared/validation").then((m) => m.loginSchema));
const FIELDS = ["login", "password"];

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState<LoginState, FormData>(login, {});
  const form = useForm({
    resolver: validation.resolver,
    mode: "onTouched",
    defaultValues: { login: state.login ?? "", password: "" },
  });
  const errors = form.formState.errors;
  useFocusFirstError(state.fieldErrors, FIELDS);
  const error = (name: "login" | "password") => errors[name]?.message ?? state.fieldErrors?.[name]?.[0];

  return (
    <>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      {state.unconfirmed && <ResendConfirmation login={state.login ?? ""} />}
      <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} onFocus={validation.preload} noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <Field
          label="Username or email"
          autoComplete="username webauthn"
          autoCapitalize="none"
          spellCheck={false}
          required
          error={error("login")}
          defaultValue={state.login}
          {...form.register("login")}
        />
        <PasswordField
          label="Password"
          autoComplete="current-password"
          required
          maxLength={256}
          error={error("password")}
          {...form.register("password")}
        />
        <SubmitButton pending={pending} pendingText="Signing in…">
          Sign in
        </SubmitButton>
      </form>
    </>
  );
}

function ResendConfirmation({ login }: { login: string }) {
  const [state, formAction, pending] = useActionState<LoginState, FormData>(resendFromLogin, {});
  if (state.resent) return <FormAlert kind="ok">We sent a new confirmation link. Check your inbox.</FormAlert>;
  return (
    <form action={formAction} className="field">
      <input type="hidden" name="login" value={login} />
      <SubmitButton pending={pending} pendingText="Sending…" className="button secondary">
        Send a new confirmation link
      </SubmitButton>
    </form>
  );
}
