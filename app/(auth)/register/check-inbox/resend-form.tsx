"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState } from "react";
import { FormAlert } from "@/app/components/form";
import { resend, type ResendState } from "./actions";

/** "Send the email again", available again when the server-given countdown reaches zero. */
export function ResendForm({ initialWait }: { initialWait: number }) {
  const t = useTranslations("CheckInbox");
  const common = useTranslations("Common");
  const [wait, setWait] = useState(initialWait);
  const [state, formAction, pending] = useActionState<ResendState>(async (previous) => {
    const next = await resend(previous);
    if (next.retryAfterSeconds !== undefined) setWait(next.retryAfterSeconds);
    return next;
  }, {});
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  return (
    <form action={formAction}>
      {state.sent && <FormAlert kind="ok">{t("resent")}</FormAlert>}
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <button type="submit" className="button secondary" disabled={pending || wait > 0}>
        {pending ? common("sending") : wait > 0 ? t("resendIn", { seconds: wait }) : t("resend")}
      </button>
    </form>
  );
}
