"use client";

import { ifAccountExistsMessage } from "@/lib/shared/messages";
import {
  ErrorSummary,
  ErrorTitle,
  Field,
  lazyResolver,
  SubmitButton,
  SuccessPanel,
  useServerForm,
} from "@/app/components/form";
import { forgotPassword, type ForgotState } from "./actions";

// The schema (lib/validation, with zod) loads when the form is first focused, not with the page.
const validation = lazyResolver(() => import("@/lib/shared/validation").then((m) => m.forgotPasswordSchema));

export function ForgotForm({ initialEmail }: { initialEmail: string }) {
  const { state, form, pending, errorFor, summary, attempt, formProps } = useServerForm({
    action: forgotPassword,
    initialState: {} as ForgotState,
    validation,
    fields: ["email"],
    defaultValues: { email: initialEmail },
  });
  if (state.sent) {
    return (
      <SuccessPanel title="Check your email">
        <p>{ifAccountExistsMessage(state.email)} Check your inbox (and your spam folder).</p>
        <p>
          Nothing arrived after a few minutes? <a href="/forgot-password">Send it again, or use a different email</a>.
        </p>
      </SuccessPanel>
    );
  }
  return (
    <form {...formProps}>
      <ErrorTitle show={summary.length > 0} />
      <ErrorSummary key={attempt} errors={summary} />
      <Field
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.email ?? initialEmail}
        error={errorFor("email")}
        {...form.register("email")}
      />
      <SubmitButton pending={pending} pendingText="Sending…">
        Send me a reset link
      </SubmitButton>
    </form>
  );
}
