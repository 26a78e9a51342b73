"use client";

import { useTranslations } from "next-intl";
import { startTransition, useActionState } from "react";
import { Field, FormAlert, SubmitButton, useFieldErrors, useFocusFirstError } from "@/app/components/form";
import { lazyCheck, useFormCheck } from "@/app/components/form-check";
import { chooseUsername, type ChooseUsernameState } from "./actions";

const validation = lazyCheck(() => import("@/lib/shared/validation").then((m) => m.chooseUsernameSchema));
const FIELDS = ["username"];

export function UsernameForm({ suggested }: { suggested: string }) {
  const t = useTranslations("ChooseUsername");
  const [state, formAction, pending] = useActionState<ChooseUsernameState, FormData>(chooseUsername, {});
  const form = useFormCheck({ check: validation.check, defaultValues: { username: suggested } });
  useFocusFirstError(state.fieldErrors, FIELDS);
  const error = useFieldErrors(form.problems, state.fieldErrors);
  // With JavaScript the schema checks the form first and only a valid one is posted; without it, the
  // browser posts the form to the action directly.
  const onSubmit = form.submit((element) => startTransition(() => formAction(new FormData(element))));
  return (
    <form action={formAction} onSubmit={onSubmit} onFocus={validation.preload} noValidate>
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
