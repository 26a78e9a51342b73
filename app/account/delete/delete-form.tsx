"use client";

import { useTranslations } from "next-intl";
import { Field, ServerForm, SubmitButton, UsernameForPasswordManagers, useServerForm } from "@/app/components/form";
import { lazyCheck } from "@/app/components/form-check";
import { PasswordField } from "@/app/components/password-field";
import { deleteAccountAction, type DeleteAccountState } from "./actions";

// The schemas (lib/shared/validation) load when the form is first focused, not with the page.
const withPassword = lazyCheck(() => import("@/lib/shared/validation").then((m) => m.deleteWithPasswordSchema));
const withCode = lazyCheck(() => import("@/lib/shared/validation").then((m) => m.deleteWithCodeSchema));
const withRecentSignIn = lazyCheck(() => import("@/lib/shared/validation").then((m) => m.deleteWithRecentSignInSchema));

const initialState: DeleteAccountState = {};

function DeleteButton({ pending }: { pending: boolean }) {
  const t = useTranslations("DeleteAccount");
  return (
    <SubmitButton pending={pending} pendingText={t("pending")} className="button danger">
      {t("submit")}
    </SubmitButton>
  );
}

/** The confirmation with the account's password. */
export function DeleteWithPasswordForm({ username }: { username: string }) {
  const t = useTranslations("DeleteAccount");
  const serverForm = useServerForm({
    action: deleteAccountAction,
    initialState,
    validation: withPassword,
    fields: ["password"],
    defaultValues: { password: "" },
    clearAfterFailure: ["password"],
  });
  return (
    <ServerForm of={serverForm}>
      <UsernameForPasswordManagers username={username} />
      <PasswordField
        label={t("password")}
        hint={t("passwordHint")}
        autoComplete="current-password"
        required
        maxLength={256}
        error={serverForm.errorFor("password")}
        {...serverForm.form.register("password")}
      />
      <DeleteButton pending={serverForm.pending} />
    </ServerForm>
  );
}

/** The confirmation with a code, for an account that has no password but has an authenticator app. */
export function DeleteWithCodeForm() {
  const t = useTranslations("DeleteAccount");
  const serverForm = useServerForm({
    action: deleteAccountAction,
    initialState,
    validation: withCode,
    fields: ["code"],
    defaultValues: { code: "" },
    clearAfterFailure: ["code"],
  });
  return (
    <ServerForm of={serverForm}>
      <Field
        label={t("code")}
        hint={t("codeHint")}
        autoComplete="one-time-code"
        required
        maxLength={64}
        error={serverForm.errorFor("code")}
        {...serverForm.form.register("code")}
      />
      <DeleteButton pending={serverForm.pending} />
    </ServerForm>
  );
}

/** The button alone, for an account with neither, signed in a moment ago. */
export function DeleteAfterRecentSignInForm() {
  const serverForm = useServerForm({
    action: deleteAccountAction,
    initialState,
    validation: withRecentSignIn,
    fields: [],
    defaultValues: {},
  });
  return (
    <ServerForm of={serverForm}>
      <DeleteButton pending={serverForm.pending} />
    </ServerForm>
  );
}
