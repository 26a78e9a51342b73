"use client";

import Link from "next/link";
import { useActionState, useMemo } from "react";
import { useWatch } from "react-hook-form";
import {
  ErrorSummary,
  ErrorTitle,
  FormAlert,
  lazyResolver,
  SubmitButton,
  useServerForm,
  UsernameForPasswordManagers,
} from "@/app/components/form";
import { PasswordField } from "@/app/components/password-field";
import type { PasswordContext } from "@/lib/shared/password-policy";
import { applyEmailChange, undoEmailChange, type EmailChangeLinkState } from "./actions";

/** "Use this address": one button. */
export function ApplyEmailChangeForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<EmailChangeLinkState, FormData>(applyEmailChange, {});
  if (state.done) {
    return (
      <FormAlert kind="ok">
        Your email address was changed. <Link href="/account">Go to your account</Link>.
      </FormAlert>
    );
  }
  return (
    <form action={formAction}>
      {state.error && <FormAlert kind="error">{state.error}</FormAlert>}
      <input type="hidden" name="token" value={token} />
      <SubmitButton pending={pending} pendingText="Saving…">
        Use this address
      </SubmitButton>
    </form>
  );
}

/** "Undo the change": a new password in the same step, since whoever made the change may know the old one. */
export function UndoEmailChangeForm({
  token,
  minLength,
  context,
}: {
  token: string;
  minLength: number;
  context: PasswordContext;
}) {
  // The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
  const validation = useMemo(
    () => lazyResolver(() => import("@/lib/shared/validation").then((m) => m.newPasswordFormSchema(minLength))),
    [minLength],
  );
  const { state, form, pending, errorFor, summary, attempt, formProps } = useServerForm({
    action: undoEmailChange,
    initialState: {} as EmailChangeLinkState,
    validation,
    fields: ["password", "confirmPassword"],
    defaultValues: { password: "", confirmPassword: "" },
  });
  const password = useWatch({ control: form.control, name: "password" });
  return (
    <form {...formProps}>
      <ErrorTitle show={summary.length > 0 || Boolean(state.error)} />
      {/* The link's own refusal leads the summary. */}
      <ErrorSummary key={attempt} errors={state.error ? [{ message: state.error }, ...summary] : summary} />
      <input type="hidden" name="token" value={token} />
      <UsernameForPasswordManagers username={context.username} />
      <PasswordField
        label="New password"
        autoComplete="new-password"
        required
        maxLength={256}
        value={password}
        error={errorFor("password")}
        strength={{ minLength, context }}
        {...form.register("password")}
      />
      <PasswordField
        label="Repeat new password"
        autoComplete="new-password"
        required
        maxLength={256}
        error={errorFor("confirmPassword")}
        {...form.register("confirmPassword")}
      />
      <SubmitButton pending={pending} pendingText="Saving…">
        Undo the change and sign out everywhere
      </SubmitButton>
    </form>
  );
}
