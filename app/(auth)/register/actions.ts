"use server";

import { redirect } from "next/navigation";
import { env } from "@/lib/platform/env";
import { throttledMessage } from "@/lib/shared/messages";
import { requestMeta } from "@/lib/http/request";
import { registerUser } from "@/lib/accounts/sign-up";
import { fieldErrors, registerSchema } from "@/lib/shared/validation";
import { rememberPendingSignup } from "./pending-signup";

export type RegisterState = {
  fieldErrors?: Record<string, string[] | undefined>;
  message?: string;
  values?: { username: string; email: string };
};

export async function register(_previous: RegisterState, formData: FormData): Promise<RegisterState> {
  const input = Object.fromEntries(formData);
  const values = {
    username: String(input.username ?? "").slice(0, 64),
    email: String(input.email ?? "").slice(0, 320),
  };
  const parsed = registerSchema(env.PASSWORD_MIN_LENGTH).safeParse(input);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), values };

  const result = await registerUser(parsed.data, await requestMeta());
  if (!result.ok) {
    if (result.error === "throttled") {
      return {
        message: throttledMessage(result.retryAfterSeconds, "sign-up"),
        values,
      };
    }
    return { fieldErrors: result.fieldErrors, values };
  }
  await rememberPendingSignup(result.email);
  redirect("/register/check-inbox");
}
