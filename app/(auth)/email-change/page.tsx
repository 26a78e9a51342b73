import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { peekEmailChangeToken } from "@/lib/accounts/email-change";
import { env } from "@/lib/platform/env";
import { ApplyEmailChangeForm, UndoEmailChangeForm } from "./email-change-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("EmailChange"))("title"), referrer: "same-origin" };
}

// Both links of an email change land here: "use this address" (sent to the new address) and "undo the
// change" (sent to the old one, which also sets a new password). GET only looks at the token; the form POSTs.
export default async function EmailChangePage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token } = await searchParams;
  const raw = typeof token === "string" ? token : "";
  const [{ purpose, state, username, email }, t] = await Promise.all([
    peekEmailChangeToken(raw),
    getTranslations("EmailChange"),
  ]);

  if (state === "valid" && purpose === "change_email") {
    return (
      <div className="card">
        <h1>{t("applyTitle")}</h1>
        <p>{t("applyText")}</p>
        <ClientMessages namespaces={["EmailChange", "Common"]}>
          <ApplyEmailChangeForm token={raw} />
        </ClientMessages>
      </div>
    );
  }
  if (state === "valid" && purpose === "revert_email_change") {
    return (
      <div className="card">
        <h1>{t("undoTitle")}</h1>
        <p>
          {t.rich("undoText", {
            email: email ?? "",
            username: username ?? "",
            strong: (chunks) => <strong>{chunks}</strong>,
          })}
        </p>
        <ClientMessages namespaces={["EmailChange", "Validation", "PasswordField", "Common"]}>
          <UndoEmailChangeForm
            token={raw}
            minLength={env.PASSWORD_MIN_LENGTH}
            context={{ username: username ?? undefined, email: email ?? undefined, appName: env.APP_NAME }}
          />
        </ClientMessages>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>{state === "invalid" ? t("invalidTitle") : state === "expired" ? t("expiredTitle") : t("usedTitle")}</h1>
      <p>
        {t.rich("deadText", {
          account: (chunks) => <Link href="/account">{chunks}</Link>,
          reset: (chunks) => <Link href="/forgot-password">{chunks}</Link>,
        })}
      </p>
    </div>
  );
}
