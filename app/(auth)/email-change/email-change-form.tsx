"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
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
  const t = useTranslations("EmailChange");
  const common = useTranslations("Common");
  const [state, formAction, pending] = useActionState<EmailChangeLinkState, FormData>(applyEmailChange, {});
  if (state.done) {
    return (
      <FormAlert kind="ok">{t.rich("applied", { link: (chunks) => <Link href="/account">{chunks}</Link> })}</FormAlert>
    );
  }
  return (
    <form action={formAction}>
      {state.error && <FormAlert kind="error">{state.error}</FormAlert>}
      <input type="hidden" name="token" value={token} />
      <SubmitButton pending={pending} pendingText={common("saving")}>
        {t("applySubmit")}
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
  const t = useTranslations("EmailChange");
  const common = useTranslations("Common");
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
    values: { min: minLength, appName: context.appName },
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
        label={t("newPassword")}
        autoComplete="new-password"
        required
        maxLength={256}
        value={password}
        error={errorFor("password")}
        strength={{ minLength, context }}
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
        {t("undoSubmit")}
      </SubmitButton>
    </form>
  );
}
