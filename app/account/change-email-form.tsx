"use client";

import { useTranslations } from "next-intl";
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
  const t = useTranslations("Account");
  const common = useTranslations("Common");
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
      <SuccessPanel title={t("checkNewEmail")}>
        {t.rich("emailLinkSentFull", { email: state.sentTo, strong: (chunks) => <strong>{chunks}</strong> })}
      </SuccessPanel>
    );
  }
  return (
    <form {...formProps}>
      <ErrorTitle show={summary.length > 0} />
      <ErrorSummary key={attempt} errors={summary} />
      <UsernameForPasswordManagers username={username} />
      <Field
        label={t("newEmail")}
        type="email"
        autoComplete="email"
        required
        hint={t("currentAddress", { email: currentEmail })}
        error={errorFor("newEmail")}
        {...form.register("newEmail")}
      />
      <PasswordField
        label={t("yourPassword")}
        autoComplete="current-password"
        required
        maxLength={256}
        error={errorFor("password")}
        {...form.register("password")}
      />
      <SubmitButton pending={pending} pendingText={common("sending")} className="button">
        {t("changeEmail")}
      </SubmitButton>
    </form>
  );
}
