"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import {
  ErrorSummary,
  ErrorTitle,
  Field,
  FormAlert,
  SubmitButton,
  useCountdown,
  useServerForm,
} from "@/app/components/form";
import { lazyCheck } from "@/app/components/form-check";
import { PasswordField } from "@/app/components/password-field";
import { login, resendFromLogin, type LoginState } from "./actions";

// The schema (lib/shared/validation, with zod) loads when the form is first focused, not with the page.
const validation = lazyCheck(() => import("@/lib/shared/validation").then((m) => m.loginSchema));

export function LoginForm({ callbackUrl, sessionLifetime }: { callbackUrl: string; sessionLifetime: string }) {
  const t = useTranslations("Login");
  const { state, form, pending, errorFor, summary, attempt, formProps } = useServerForm({
    action: login,
    initialState: {} as LoginState,
    validation,
    fields: ["login", "password"],
    defaultValues: { login: "", password: "" },
    // A password that did not work is cleared, as the page without JavaScript does.
    clearAfterFailure: ["password"],
  });
  const wait = useCountdown(state.waitSeconds, attempt);

  return (
    <>
      <ErrorTitle show={summary.length > 0} />
      <ErrorSummary key={attempt} errors={summary}>
        {state.wrongPassword && (
          <p>
            <Link href="/forgot-password">{t("forgot")}</Link>
          </p>
        )}
        {state.paused && (
          <p>{t.rich("resetNow", { link: (chunks) => <Link href="/forgot-password">{chunks}</Link> })}</p>
        )}
        {wait > 0 && (
          <p className="countdown" aria-live="off">
            {t("tryAgainIn", { wait })}
          </p>
        )}
      </ErrorSummary>
      {state.unconfirmed && <ResendConfirmation login={state.login ?? ""} />}
      <form
        {...formProps}
        onSubmit={(event) => {
          // Another try during the wait would only lengthen it.
          if (wait > 0) event.preventDefault();
          else formProps.onSubmit(event);
        }}
      >
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <Field
          label={t("login")}
          autoComplete="username webauthn"
          autoCapitalize="none"
          spellCheck={false}
          // The email keyboard on phones has "@", and every username character too.
          inputMode="email"
          required
          error={errorFor("login")}
          defaultValue={state.login}
          {...form.register("login")}
        />
        <PasswordField
          label={t("password")}
          autoComplete="current-password"
          required
          maxLength={256}
          error={errorFor("password")}
          {...form.register("password")}
        />
        <div className="field checkbox">
          <input
            type="checkbox"
            id="field-remember"
            name="remember"
            value="yes"
            aria-describedby="field-remember-hint"
          />
          <label htmlFor="field-remember">{t("remember")}</label>
          <div className="hint" id="field-remember-hint">
            {t("rememberHint", { lifetime: sessionLifetime })}
          </div>
        </div>
        <SubmitButton pending={pending || wait > 0} pendingText={pending ? t("pending") : t("waitButton", { wait })}>
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
