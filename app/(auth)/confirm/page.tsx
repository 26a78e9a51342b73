import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { peekToken } from "@/lib/security/tokens";
import { TokenForm } from "./token-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Confirm"))("title"), referrer: "same-origin" };
}

// GET shows the token's state and never consumes it: mail scanners open links too. Confirming is a POST.
export default async function ConfirmPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const raw = typeof token === "string" ? token : "";
  const [{ state }, t] = await Promise.all([peekToken(raw, "confirm_email"), getTranslations("Confirm")]);

  if (state === "valid") {
    return (
      <div className="card">
        <h1>{t("title")}</h1>
        <p>{t("intro")}</p>
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
