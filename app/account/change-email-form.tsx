"use client";

import {
  ErrorSummary,
  ErrorTitle,
  Field,
  lazyResolver,
  SubmitButton,
  SuccessPanel,
  useServerForm,
  UsernameForPasswordManagers,
} from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import { changeEmailAction, type ChangeEmailState } from "./actions";

// The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
const validation = lazyResolver(() => import("@/lib/shared/validation").then((m) => m.changeEmailSchema));

export function ChangeEmailForm({ username, currentEmail }: { username: string; currentEmail: string }) {
  const { state, form, pending, errorFor, summary, attempt, formProps } = useServerForm({
    action: changeEmailAction,
    initialState: {} as ChangeEmailState,
    validation,
    fields: ["newEmail", "password"],
    defaultValues: { newEmail: "", password: "" },
    clearAfterFailure: ["password"],
  });
  if (state.sentTo) {
    return (
      <SuccessPanel title="Check your new email">
        We sent a link to <strong>{state.sentTo}</strong>. Your address changes once you open it; until then nothing
        changes. No link arrives if that address cannot be used for your account.
      </SuccessPanel>
    );
  }
  return (
    <form {...formProps}>
      <ErrorTitle show={summary.length > 0} />
      <ErrorSummary key={attempt} errors={summary} />
      <UsernameForPasswordManagers username={username} />
      <Field
        label="New email"
        type="email"
        autoComplete="email"
        required
        hint={`Your current address is ${currentEmail}.`}
        error={errorFor("newEmail")}
        {...form.register("newEmail")}
      />
      <PasswordField
        label="Your password"
        autoComplete="current-password"
        required
        maxLength={256}
        error={errorFor("password")}
        {...form.register("password")}
      />
      <SubmitButton pending={pending} pendingText="Sending…" className="button">
        Change email
      </SubmitButton>
    </form>
  );
}
