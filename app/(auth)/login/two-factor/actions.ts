"use server";

import { redirect } from "next/navigation";
import { completeSecondStep } from "@/lib/accounts/two-factor";
import { requestMeta, safeRedirectPath } from "@/lib/http/request";
import { formatWait } from "@/lib/shared/format";
import { fieldErrors, secondStepSchema } from "@/lib/shared/validation";
import { enterSession, heldSecondStep, rememberBrowser } from "../sign-in-session";

export type SecondStepState = { fieldErrors?: Record<string, string[] | undefined>; message?: string };

export async function verifySecondStep(_previous: SecondStepState, formData: FormData): Promise<SecondStepState> {
  const parsed = secondStepSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error) };
  const result = await completeSecondStep(await heldSecondStep(), parsed.data.code, "web", await requestMeta(), {
    rememberBrowser: parsed.data.remember === "on",
  });
  if (!result.ok) {
    if (result.error === "invalid_challenge") redirect("/login?expired=second-step");
    if (result.error === "throttled") {
      return { message: `Too many wrong codes. Try again in ${formatWait(result.retryAfterSeconds ?? 60)}.` };
    }
    return { fieldErrors: { code: ["That code is not right, or was already used. Check the code and try again."] } };
  }
  if (result.rememberedBrowserId) await rememberBrowser(result.rememberedBrowserId);
  await enterSession(result.sessionId);
  redirect(safeRedirectPath(formData.get("callbackUrl")));
}
