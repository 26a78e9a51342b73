"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useForm } from "react-hook-form";
import {
  enhancedSubmit,
  Field,
  FormAlert,
  lazyResolver,
  SubmitButton,
  useFieldErrors,
  useFocusFirstError,
} from "@/app/components/form";
import { chooseUsername, type ChooseUsernameState } from "./actions";

const validation = lazyResolver(() => import("@/lib/shared/validation").then((m) => m.chooseUsernameSchema));
const FIELDS = ["username"];

export function UsernameForm({ suggested }: { suggested: string }) {
  const t = useTranslations("ChooseUsername");
  const [state, formAction, pending] = useActionState<ChooseUsernameState, FormData>(chooseUsername, {});
  const form = useForm({ resolver: validation.resolver, mode: "onTouched", defaultValues: { username: suggested } });
  useFocusFirstError(state.fieldErrors, FIELDS);
  const error = useFieldErrors(form.formState.errors, state.fieldErrors);
  return (
    <form action={formAction} onSubmit={enhancedSubmit(form, formAction)} onFocus={validation.preload} noValidate>
      {state.message && <FormAlert kind="error">{state.message}</FormAlert>}
      <Field
        label={t("username")}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        maxLength={32}
        hint={t("usernameHint")}
        defaultValue={state.username ?? suggested}
        error={error("username")}
        {...form.register("username")}
      />
      <SubmitButton pending={pending} pendingText={t("pending")}>
        {t("submit")}
      </SubmitButton>
    </form>
  );
}
