"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useMemo, useRef, type ReactNode } from "react";
import {
  ErrorSummary,
  ErrorTitle,
  FormAlert,
  SubmitButton,
  usePageTitle,
  useServerForm,
  UsernameForPasswordManagers,
} from "@/app/components/form";
import { lazyCheck } from "@/app/components/form-check";
import { NewPasswordField } from "@/app/components/new-password-field";
import { PasswordField } from "@/app/components/password-field";
import type { PasswordContext } from "@/lib/shared/password-policy";
import { applyEmailChange, undoEmailChange, type EmailChangeLinkState } from "./actions";

/**
 * "Use this address": which address for which account, and one button. Once it worked, the whole card says so
 * instead, with a new heading that takes focus and titles the page.
 */
export function ApplyEmailChange({ token, email, username }: { token: string; email: string; username: string }) {
  const t = useTranslations("EmailChange");
  const common = useTranslations("Common");
  const [state, formAction, pending] = useActionState<EmailChangeLinkState, FormData>(applyEmailChange, {});
  if (state.done) return <EmailChanged email={email} username={username} focus />;
  const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;
  return (
    <>
      <h1>{t("applyTitle")}</h1>
      <p>{t.rich("applyText", { email, username, strong })}</p>
      <form action={formAction}>
        {state.error && <FormAlert kind="error">{state.error}</FormAlert>}
        <input type="hidden" name="token" value={token} />
        <SubmitButton pending={pending} pendingText={common("saving")}>
          {t("applySubmit")}
        </SubmitButton>
      </form>
    </>
  );
}

/**
 * The change made: also what the page shows for its used link afterwards (and, without JavaScript, in answer
 * to the form), where the heading is simply the page's own.
 */
export function EmailChanged({ email, username, focus = false }: { email: string; username: string; focus?: boolean }) {
  const t = useTranslations("EmailChange");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [focus]);
  usePageTitle(focus ? t("appliedTitle") : undefined);
  const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t("appliedTitle")}
      </h1>
      <p role="status">{t.rich("appliedText", { email, username, strong })}</p>
      <p>
        <Link href="/account">{t("toAccount")}</Link>
      </p>
    </>
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
  // The schema (lib/shared/validation, with zod) loads when the form is first focused, not with the page.
  const validation = useMemo(
    () => lazyCheck(() => import("@/lib/shared/validation").then((m) => m.newPasswordFormSchema(minLength))),
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
  const password = form.values.password;
  return (
    <form {...formProps}>
      <ErrorTitle show={summary.length > 0 || Boolean(state.error)} />
      {/* The link's own refusal leads the summary. */}
      <ErrorSummary key={attempt} errors={state.error ? [{ message: state.error }, ...summary] : summary} />
      <input type="hidden" name="token" value={token} />
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
        {t("undoSubmit")}
      </SubmitButton>
    </form>
  );
}
