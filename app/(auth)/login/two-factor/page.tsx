import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { secondStepIsLive } from "@/lib/accounts/two-factor";
import { safeRedirectPath } from "@/lib/http/request";
import { getCurrentSession } from "@/lib/sessions/dal";
import { heldSecondStep } from "@/lib/sessions/auth";
import { TwoFactorForm } from "./two-factor-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("TwoFactor"))("title") };
}

type Search = { callbackUrl?: string | string[]; method?: string };

export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const callbackUrl = safeRedirectPath(search.callbackUrl);
  if (await getCurrentSession()) redirect(callbackUrl);
  if (!(await secondStepIsLive((await heldSecondStep())?.token))) redirect("/login?expired=second-step");
  const recovery = search.method === "recovery";
  const t = await getTranslations("TwoFactor");
  return (
    <div className="card">
      <h1>{t("title")}</h1>
      <p>{recovery ? t("enterRecovery") : t("enterCode")}</p>
      <ClientMessages namespaces={["TwoFactor"]}>
        <TwoFactorForm callbackUrl={callbackUrl} recovery={recovery} />
      </ClientMessages>
      <p>
        <Link href="/login">{t("startOver")}</Link>
      </p>
    </div>
  );
}
