import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { peekEmailChangeToken } from "@/lib/accounts/email-change";
import { env } from "@/lib/platform/env";
import { ApplyEmailChange, EmailChanged, UndoEmailChangeForm } from "./email-change-form";

type Translate = Awaited<ReturnType<typeof getTranslations<"EmailChange">>>;

type LinkState = Awaited<ReturnType<typeof peekEmailChangeToken>>["state"];

function deadEndTitle(state: LinkState, t: Translate) {
  return state === "invalid" ? t("invalidTitle") : state === "expired" ? t("expiredTitle") : t("usedTitle");
}

// The title names what the page says, as its h1 does.
export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}): Promise<Metadata> {
  const { token } = await searchParams;
  const [{ purpose, state, applied }, t] = await Promise.all([
    peekEmailChangeToken(typeof token === "string" ? token : ""),
    getTranslations("EmailChange"),
  ]);
  const undo = purpose === "revert_email_change";
  const title = applied
    ? t("appliedTitle")
    : state === "valid"
      ? undo
        ? t("undoTitle")
        : t("applyTitle")
      : undo && state === "used"
        ? t("undoUsedTitle")
        : undo && state === "expired"
          ? t("undoExpiredTitle")
          : deadEndTitle(state, t);
  return { title, referrer: "same-origin" };
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
  const [{ purpose, state, applied, username, email }, t] = await Promise.all([
    peekEmailChangeToken(raw),
    getTranslations("EmailChange"),
  ]);

  if (state === "valid" && purpose === "change_email") {
    return (
      <div className="card">
        <ClientMessages namespaces={["EmailChange", "Common"]}>
          <ApplyEmailChange token={raw} email={email ?? ""} username={username ?? ""} />
        </ClientMessages>
      </div>
    );
  }
  if (applied) {
    // Opened again after it worked, or the answer to the form posted without JavaScript.
    return (
      <div className="card">
        <ClientMessages namespaces={["EmailChange"]}>
          <EmailChanged email={email ?? ""} username={username ?? ""} />
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
  if (purpose === "revert_email_change" && (state === "used" || state === "expired")) {
    // An undo link has its own dead ends: a used one means the previous address is already back.
    return (
      <div className="card">
        <h1>{state === "used" ? t("undoUsedTitle") : t("undoExpiredTitle")}</h1>
        <p>
          {state === "used"
            ? t.rich("undoUsedText", { reset: (chunks) => <Link href="/forgot-password">{chunks}</Link> })
            : t.rich("undoExpiredText", { account: (chunks) => <Link href="/account">{chunks}</Link> })}
        </p>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>{deadEndTitle(state, t)}</h1>
      <p>
        {t.rich("deadText", {
          account: (chunks) => <Link href="/account">{chunks}</Link>,
          reset: (chunks) => <Link href="/forgot-password">{chunks}</Link>,
        })}
      </p>
    </div>
  );
}
