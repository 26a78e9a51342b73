import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { providerName } from "@/lib/accounts/provider-accounts";
import { pendingProviderSignUp } from "@/lib/accounts/providers";
import { getCurrentSession } from "@/lib/sessions/dal";
import { UsernameForm } from "./username-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("ChooseUsername"))("title") };
}

/** The step between a first provider sign-in and the new account: the person picks a username. */
export default async function ChooseUsernamePage() {
  if (await getCurrentSession()) redirect("/account");
  const pending = await pendingProviderSignUp();
  if (!pending) redirect("/register");
  const t = await getTranslations("ChooseUsername");
  return (
    <div className="card">
      <h1>{t("title")}</h1>
      <p className="muted">
        {t.rich("intro", {
          email: pending.email,
          provider: providerName(pending.provider),
          strong: (chunks) => <strong>{chunks}</strong>,
        })}
      </p>
      <ClientMessages namespaces={["ChooseUsername", "Validation"]}>
        <UsernameForm suggested={pending.suggestedUsername} />
      </ClientMessages>
      <p>{t.rich("notYou", { link: (chunks) => <Link href="/register">{chunks}</Link> })}</p>
    </div>
  );
}
