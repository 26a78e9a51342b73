"use server";

import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { deletionProof, requestAccountDeletion } from "@/lib/accounts/account-deletion";
import { requestMeta } from "@/lib/http/request";
import { localizeFieldErrors } from "@/lib/platform/i18n";
import { endWebSession } from "@/lib/sessions/auth";
import { requireUser } from "@/lib/sessions/dal";
import { deleteWithCodeSchema, deleteWithPasswordSchema, fieldErrors } from "@/lib/shared/validation";

export type DeleteAccountState = { fieldErrors?: Record<string, string[] | undefined>; message?: string };

/** "Delete my account": checks who is there (the way lib/accounts decides for this account), then signs out. */
export async function deleteAccountAction(
  _previous: DeleteAccountState,
  formData: FormData,
): Promise<DeleteAccountState> {
  const { user, sessionId } = await requireUser("/account/delete");
  const locale = await getLocale();
  const input = Object.fromEntries(formData);
  const way = await deletionProof(user.id);
  const proof: { password?: string; code?: string } = {};
  if (way === "password" || way === "second_factor") {
    const parsed = (way === "password" ? deleteWithPasswordSchema : deleteWithCodeSchema).safeParse(input);
    if (!parsed.success) return { fieldErrors: localizeFieldErrors(fieldErrors(parsed.error), locale) };
    Object.assign(proof, parsed.data);
  }
  const meta = { ...(await requestMeta()), locale };
  const result = await requestAccountDeletion(user.id, sessionId, proof, meta);
  if (!result.ok) {
    if (result.error === "sign_in_again") return { message: (await getTranslations("DeleteAccount"))("staleSignIn") };
    return { fieldErrors: localizeFieldErrors(result.fieldErrors, locale, result.retryAfterSeconds) };
  }
  // Every session of the account has ended, this one too: the cookie goes as well.
  await endWebSession();
  redirect("/login?signedOut=deleted");
}
