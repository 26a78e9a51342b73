"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormAlert, SubmitButton, useCountdown } from "@/app/components/form";
import { resend, type ResendState } from "./actions";

/**
 * "Send the email again": an enabled button (it works without JavaScript, and a disabled button could not
 * be found by keyboard), with the wait until another email can go out said next to it and counted down.
 */
export function ResendForm({ initialWait }: { initialWait: number }) {
  const t = useTranslations("CheckInbox");
  const common = useTranslations("Common");
  const [state, formAction, pending] = useActionState<ResendState, FormData>(resend, {});
  const wait = useCountdown(state.retryAfterSeconds ?? initialWait, state);

  return (
    <form action={formAction}>
      {state.sent && <FormAlert kind="ok">{t("resent")}</FormAlert>}
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <SubmitButton pending={pending} pendingText={common("sending")} className="button secondary">
        {t("resend")}
      </SubmitButton>
      {wait > 0 && (
        // Said once, not every second: the count is read when the person gets to it.
        <p className="hint" aria-live="off">
          {t("canAskAgainIn", { seconds: wait })}
        </p>
      )}
    </form>
  );
}
