import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { peekConfirmation } from "@/lib/accounts/confirmation";
import { getCurrentSession } from "@/lib/sessions/dal";
import { utcDateTime } from "@/lib/shared/format";
import { ReplacedLinkText } from "@/app/components/replaced-link";
import { TokenForm } from "./token-form";

// The title names what the page says: the confirmation, or why the link does not work.
export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}): Promise<Metadata> {
  const { token } = await searchParams;
  const [{ state, userId }, t] = await Promise.all([
    peekConfirmation(typeof token === "string" ? token : ""),
    getTranslations("Confirm"),
  ]);
  if (await confirmedBySignedInOwner(state, userId)) {
    return { title: t("alreadyConfirmedTitle"), referrer: "same-origin" };
  }
  const titles = {
    valid: t("title"),
    invalid: t("invalidTitle"),
    expired: t("expiredTitle"),
    used: t("usedTitle"),
    replaced: t("replacedTitle"),
  };
  return { title: titles[state], referrer: "same-origin" };
}

// GET shows the token's state and never consumes it: mail scanners open links too. Confirming is a POST.
export default async function ConfirmPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const raw = typeof token === "string" ? token : "";
  const [{ state, signUp, newestSentAt, userId }, t, locale] = await Promise.all([
    peekConfirmation(raw),
    getTranslations("Confirm"),
    getLocale(),
  ]);

  if (state === "valid") {
    return (
      <div className="card">
        <h1>{t("title")}</h1>
        {signUp && (
          <p>
            {t.rich("whichSignUp", {
              username: signUp.username,
              // In UTC, named: this page renders on the server and knows no time zone of the viewer's.
              signedUpAt: utcDateTime(locale, signUp.signedUpAt),
              strong: (chunks) => <strong>{chunks}</strong>,
            })}
          </p>
        )}
        <p>{t("intro")}</p>
        <p>{t.rich("notYours", { link: (chunks) => <Link href="/forgot-password">{chunks}</Link> })}</p>
        <ClientMessages namespaces={["Confirm", "Common"]}>
          <TokenForm token={raw} intent="confirm" />
        </ClientMessages>
      </div>
    );
  }
  if (state === "invalid") {
    return (
      <div className="card">
        <h1>{t("invalidTitle")}</h1>
        <p>{t.rich("invalidText", { link: (chunks) => <Link href="/login">{chunks}</Link> })}</p>
      </div>
    );
  }
  if (await confirmedBySignedInOwner(state, userId)) {
    return (
      <div className="card">
        <h1>{t("alreadyConfirmedTitle")}</h1>
        <p>{t("alreadyConfirmedText")}</p>
        <p>
          <Link href="/account">{(await getTranslations("Common"))("yourAccount")}</Link>
        </p>
      </div>
    );
  }
  if (state === "replaced") {
    return (
      <div className="card">
        <h1>{t("replacedTitle")}</h1>
        <ReplacedLinkText namespace="Confirm" newestSentAt={newestSentAt} />
        <ClientMessages namespaces={["Confirm", "Common"]}>
          <TokenForm token={raw} intent="resend" />
        </ClientMessages>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>{state === "expired" ? t("expiredTitle") : t("usedTitle")}</h1>
      <p>{state === "expired" ? t("expiredText") : t("usedText")}</p>
      <ClientMessages namespaces={["Confirm", "Common"]}>
        <TokenForm token={raw} intent="resend" />
      </ClientMessages>
      <p>
        <Link href="/login">{(await getTranslations("Common"))("signIn")}</Link>
      </p>
    </div>
  );
}

/** A link of one's own, opened again after confirming while signed in: nothing is wrong, nothing needs sending. */
async function confirmedBySignedInOwner(state: string, userId: string | undefined) {
  if (state !== "used" && state !== "replaced") return false;
  const current = await getCurrentSession();
  return Boolean(current && current.user.id === userId && current.user.emailVerified);
}
