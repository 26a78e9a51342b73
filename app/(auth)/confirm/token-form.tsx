"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormAlert, SubmitButton } from "@/app/components/form";
import { confirm, resendFromLink, type TokenActionState } from "./actions";

/** One button that posts the link's token: confirm it, or ask for a new link. */
export function TokenForm({ token, intent }: { token: string; intent: "confirm" | "resend" }) {
  const t = useTranslations("Confirm");
  const common = useTranslations("Common");
  const [state, formAction, pending] = useActionState<TokenActionState, FormData>(
    intent === "confirm" ? confirm : resendFromLink,
    {},
  );
  if (state.sent) {
    return <FormAlert kind="ok">{t("resent")}</FormAlert>;
  }
  return (
    <form action={formAction}>
      {state.error && <FormAlert kind="error">{state.error}</FormAlert>}
      <input type="hidden" name="token" value={token} />
      {intent === "confirm" ? (
        <SubmitButton pending={pending} pendingText={t("pending")}>
          {t("submit")}
        </SubmitButton>
      ) : (
        <SubmitButton pending={pending} pendingText={common("sending")}>
          {common("sendNewLink")}
        </SubmitButton>
      )}
    </form>
  );
}
