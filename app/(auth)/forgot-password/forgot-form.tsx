"use client";

import { useTranslations } from "next-intl";
import { EmailField, ServerForm, SubmitButton, SuccessPanel, useServerForm } from "@/app/components/form";
import { lazyCheck } from "@/app/components/form-check";
import { forgotPassword, type ForgotState } from "./actions";

// The schema (lib/shared/validation, with zod) loads when the form is first focused, not with the page.
const validation = lazyCheck(() => import("@/lib/shared/validation").then((m) => m.forgotPasswordSchema));

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
    const email = state.email ?? "";
    return (
      // Keyed by the answer: "Send it again" mounts a new panel, which takes focus and is announced again.
      <SuccessPanel key={state.sentAt} title={t("checkEmail")}>
        <p>{state.again ? t("sentAgain", { email }) : t("sent", { email })}</p>
        <p>{t("nothingArrivedShort")}</p>
        {/* The same action with the same address: a plain form post, so it works without JavaScript. */}
        <form action={serverForm.formProps.action}>
          <input type="hidden" name="email" value={email} />
          <input type="hidden" name="again" value="yes" />
          <SubmitButton pending={pending} pendingText={common("sending")} className="button secondary">
            {t("sendAgain")}
          </SubmitButton>
        </form>
        <p className="after-button">
          {t.rich("differentEmail", {
            link: (chunks) => <a href={`/forgot-password?email=${encodeURIComponent(email)}`}>{chunks}</a>,
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
