import type { Metadata } from "next";
import { formPostTitle } from "@/app/components/page-title";
import { cookies } from "next/headers";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { env } from "@/lib/platform/env";
import { peekResetToken } from "@/lib/accounts/passwords";
import { RESET_TOKEN_COOKIE } from "@/lib/http/reset-link";
import { ReplacedLinkText } from "@/app/components/replaced-link";
import { ResendResetForm, ResetForm } from "./reset-form";

// The title names what the page says: the form, or why the link does not work.
export async function generateMetadata(): Promise<Metadata> {
  const token = (await cookies()).get(RESET_TOKEN_COOKIE)?.value;
  const [{ state }, t] = await Promise.all([peekResetToken(token), getTranslations("ResetPassword")]);
  const titles = {
    invalid: t("invalidTitle"),
    expired: t("expiredTitle"),
    used: t("usedTitle"),
    replaced: t("replacedTitle"),
  };
  const title =
    state === "valid" ? await formPostTitle(t("title")) : (titles[state as keyof typeof titles] ?? titles.invalid);
  return { title, referrer: "same-origin" };
}

// proxy.ts has already moved the emailed token from the URL into a cookie; GET only looks at it.
export default async function ResetPasswordPage() {
  const token = (await cookies()).get(RESET_TOKEN_COOKIE)?.value;
  const [{ state, user, newestSentAt }, t] = await Promise.all([
    peekResetToken(token),
    getTranslations("ResetPassword"),
  ]);

  if (state === "valid" && user) {
    return (
      <div className="card">
        <h1>{t("title")}</h1>
        <p className="muted">
          {t.rich("forAccount", { username: user.username, strong: (chunks) => <strong>{chunks}</strong> })}
        </p>
        <ClientMessages namespaces={["ResetPassword", "Validation", "PasswordField", "Common"]}>
          <ResetForm
            minLength={env.PASSWORD_MIN_LENGTH}
            context={{ username: user.username, email: user.email, appName: env.APP_NAME }}
          />
        </ClientMessages>
      </div>
    );
  }
  if (state === "invalid") {
    return (
      <div className="card">
        <h1>{t("invalidTitle")}</h1>
        <p>{t.rich("invalidText", { link: (chunks) => <Link href="/forgot-password">{chunks}</Link> })}</p>
      </div>
    );
  }
  const replaced = state === "replaced";
  return (
    <div className="card">
      <h1>{replaced ? t("replacedTitle") : state === "expired" ? t("expiredTitle") : t("usedTitle")}</h1>
      {replaced ? (
        <ReplacedLinkText namespace="ResetPassword" newestSentAt={newestSentAt} />
      ) : (
        <p>{state === "expired" ? t("expiredText") : t("usedText")}</p>
      )}
      <ClientMessages namespaces={["ResetPassword", "Common"]}>
        <ResendResetForm />
      </ClientMessages>
      <p>
        <Link href="/login">{(await getTranslations("Common"))("signIn")}</Link>
      </p>
    </div>
  );
}
