"use client";

import { useActionState } from "react";
import { useForm } from "react-hook-form";
import {
  enhancedSubmit,
  Field,
  FormAlert,
  lazyResolver,
  SubmitButton,
  useFocusFirstError,
} from "@/app/components/form";
import { chooseUsername, type ChooseUsernameState } from "./actions";

const validation = lazyResolver(() => import("@/lib/shared/validation").then((m) => m.chooseUsernameSchema));
const FIELDS = ["username"];

export function UsernameForm({ suggested }: { suggested: string }) {
  const [state, formAction, pending] = useActionState<ChooseUsernameState, FormData>(chooseUsername, {});
  const form = useForm({ resolver: validation.resolver, mode: "onTouched", defaultValues: { username: suggested } });
  useFocusFirstError(state.fieldErrors, FIELDS);
  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} onFocus={validation.preload} noValidate>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <Field
        label="Username"
        autoComplete="username"
        required
        hint="3 to 32 letters, digits, dots, dashes or underscores. Others see it; you can sign in with it."
        defaultValue={state.username ?? suggested}
        error={form.formState.errors.username?.message ?? state.fieldErrors?.username?.[0]}
        {...form.register("username")}
      />
      <SubmitButton pending={pending} pendingText="Creating…">
        Create my account
      </SubmitButton>
    </form>
  );
}
