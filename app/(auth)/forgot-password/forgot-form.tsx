"use client";

import { useTranslations } from "next-intl";
import { EmailField, ServerForm, SubmitButton, SuccessPanel, lazyResolver, useServerForm } from "@/app/components/form";
import { forgotPassword, type ForgotState } from "./actions";

// The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
const validation = lazyResolver(() => import("@/lib/shared/validation").then((m) => m.forgotPasswordSchema));

export function ForgotForm({ initialEmail }: { initialEmail: string }) {
  const t = useTranslations("ForgotPassword");
  const common = useTranslations("Common");
  const serverForm = useServerForm({
    action: forgotPassword,
    initialState: {} as ForgotState,
    validation,
    fields: ["email"],
    defaultValues: { email: initialEmail },
  });
  const { state, form, pending, errorFor } = serverForm;
  if (state.sent) {
    return (
      <SuccessPanel title={t("checkEmail")}>
        <p>{t("sent", { email: state.email ?? "" })}</p>
        <p>
          {t.rich("nothingArrived", {
            // The form again with the address filled in: one press sends it again, or it can be corrected.
            link: (chunks) => <a href={`/forgot-password?email=${encodeURIComponent(state.email ?? "")}`}>{chunks}</a>,
          })}
        </p>
      </SuccessPanel>
    );
  }
  return (
    <ServerForm of={serverForm}>
      <EmailField
        label={t("email")}
        defaultValue={state.email ?? initialEmail}
        error={errorFor("email")}
        {...form.register("email")}
      />
      <SubmitButton pending={pending} pendingText={common("sending")}>
        {t("submit")}
      </SubmitButton>
    </ServerForm>
  );
}
