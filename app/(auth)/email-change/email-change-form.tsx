"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormAlert, SubmitButton } from "@/app/components/form";
import { applyEmailChange, undoEmailChange, type EmailChangeLinkState } from "./actions";

export function EmailChangeForm({ token, intent }: { token: string; intent: "apply" | "undo" }) {
  const [state, formAction, pending] = useActionState<EmailChangeLinkState, FormData>(
    intent === "apply" ? applyEmailChange : undoEmailChange,
    {},
  );
  if (state.done && intent === "apply") {
    return (
      <FormAlert kind="ok">
        Your email address was changed. <Link href="/account">Go to your account</Link>.
      </FormAlert>
    );
  }
  if (state.done) {
    return (
      <FormAlert kind="ok">
        Your previous address is back and every device was signed out. Now{" "}
        <Link href="/forgot-password">reset your password</Link> in case it was changed too.
      </FormAlert>
    );
  }
  return (
    <form action={formAction}>
      {state.error && <FormAlert kind="error">{state.error}</FormAlert>}
      <input type="hidden" name="token" value={token} />
      <SubmitButton pending={pending} pendingText="Saving…">
        {intent === "apply" ? "Use this address" : "Undo the change and sign out everywhere"}
      </SubmitButton>
    </form>
  );
}
