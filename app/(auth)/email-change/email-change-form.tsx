"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormAlert, SubmitButton } from "@/app/components/form";
import { applyEmailChange, undoEmailChange, type EmailChangeLinkState } from "./actions";

export function EmailChangeForm({ token, intent }: { token: string; intent: "apply" | "undo" }) {
  const t = useTranslations("EmailChange");
  const common = useTranslations("Common");
  const [state, formAction, pending] = useActionState<EmailChangeLinkState, FormData>(
    intent === "apply" ? applyEmailChange : undoEmailChange,
    {},
  );
  if (state.done && intent === "apply") {
    return (
      <FormAlert kind="ok">{t.rich("applied", { link: (chunks) => <Link href="/account">{chunks}</Link> })}</FormAlert>
    );
  }
  if (state.done) {
    return (
      <FormAlert kind="ok">
        {t.rich("undone", { link: (chunks) => <Link href="/forgot-password">{chunks}</Link> })}
      </FormAlert>
    );
  }
  return (
    <form action={formAction}>
      {state.error && <FormAlert kind="error">{state.error}</FormAlert>}
      <input type="hidden" name="token" value={token} />
      <SubmitButton pending={pending} pendingText={common("saving")}>
        {intent === "apply" ? t("applySubmit") : t("undoSubmit")}
      </SubmitButton>
    </form>
  );
}
