"use client";

import { useTranslations } from "next-intl";
import {
  EmailField,
  ServerForm,
  SubmitButton,
  SuccessPanel,
  UsernameForPasswordManagers,
  useServerForm,
} from "@/app/components/form";
import { lazyCheck } from "@/app/components/form-check";
import { PasswordField } from "@/app/components/password-field";
import { changeEmailAction, type ChangeEmailState } from "./actions";

// The schema (lib/shared/validation, with zod) loads when the form is first focused, not with the page.
const validation = lazyCheck(() => import("@/lib/shared/validation").then((m) => m.changeEmailSchema));

export function ChangeEmailForm({ username, currentEmail }: { username: string; currentEmail: string }) {
  const t = useTranslations("Account");
  const common = useTranslations("Common");
  const serverForm = useServerForm({
    action: changeEmailAction,
    initialState: {} as ChangeEmailState,
    validation,
    fields: ["newEmail", "password"],
    defaultValues: { newEmail: "", password: "" },
    clearAfterFailure: ["password"],
  });
  const { state, form, pending, errorFor } = serverForm;
  if (state.sentTo) {
    return (
      <SuccessPanel title={t("checkNewEmail")}>
        {t.rich("emailLinkSentFull", { email: state.sentTo, strong: (chunks) => <strong>{chunks}</strong> })}
      </SuccessPanel>
    );
  }
  return (
    <ServerForm of={serverForm}>
      <UsernameForPasswordManagers username={username} />
      <EmailField
        label={t("newEmail")}
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
    </ServerForm>
  );
}
