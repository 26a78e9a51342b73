"use client";

import { useActionState } from "react";
import { FormAlert, SubmitButton } from "@/app/components/form";
import { confirm, resendFromLink, type TokenActionState } from "./actions";

/** One button that posts the link's token: confirm it, or ask for a new link. */
export function TokenForm({ token, intent }: { token: string; intent: "confirm" | "resend" }) {
  const [state, formAction, pending] = useActionState<TokenActionState, FormData>(
    intent === "confirm" ? confirm : resendFromLink,
    {},
  );
  if (state.sent) {
    return (
      <FormAlert kind="ok">
        If your account still needs confirming, a new link is on its way to your inbox. Only the newest link works.
      </FormAlert>
    );
  }
  return (
    <form action={formAction}>
      {state.error && <FormAlert kind="error">{state.error}</FormAlert>}
      <input type="hidden" name="token" value={token} />
      {intent === "confirm" ? (
        <SubmitButton pending={pending} pendingText="Confirming…">
          Confirm my email
        </SubmitButton>
      ) : (
        <SubmitButton pending={pending} pendingText="Sending…">
          Send me a new link
        </SubmitButton>
      )}
    </form>
  );
}
