"use server";

import { redirect } from "next/navigation";
import { chooseProviderUsername, pendingProviderSignUp } from "@/lib/accounts/providers";
import type { FormState } from "@/lib/shared/result";
import { chooseUsernameSchema, fieldErrors } from "@/lib/shared/validation";
import { rememberPendingSignup } from "../pending-signup";

export type ChooseUsernameState = FormState<{ message?: string; username?: string }>;

export async function chooseUsername(_previous: ChooseUsernameState, formData: FormData): Promise<ChooseUsernameState> {
  const username = String(formData.get("username") ?? "").slice(0, 64);
  const parsed = chooseUsernameSchema.safeParse({ username });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), username };
  const pending = await pendingProviderSignUp();
  const result = await chooseProviderUsername(parsed.data.username);
  if (!result.ok) return { fieldErrors: result.fieldErrors, message: result.message, username };
  if (result.next === "confirm" && pending) {
    // The provider did not vouch for the address: the person confirms it like any new account.
    await rememberPendingSignup(pending.email);
    redirect("/register/check-inbox");
  }
  redirect(result.next);
}
