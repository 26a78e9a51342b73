import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { formPostTitle } from "@/app/components/page-title";
import { env } from "@/lib/platform/env";
import { readPendingSignup } from "../pending-signup";
import { ChangeSignupEmailForm } from "./change-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: await formPostTitle((await getTranslations("ChangeSignupEmail"))("title")) };
}

// Reached from "Check your inbox": the address this browser signed up with, corrected.
export default async function ChangeSignupEmailPage() {
  const pending = await readPendingSignup();
  if (!pending?.username) redirect("/register");
  const t = await getTranslations("ChangeSignupEmail");
  return (
    <div className="card">
      <p>
        <Link href="/register/check-inbox" className="back-link">
          {t("back")}
        </Link>
      </p>
      <h1>{t("title")}</h1>
      <p>
        {t.rich("intro", {
          username: pending.username,
          email: pending.email,
          strong: (chunks) => <strong>{chunks}</strong>,
        })}
      </p>
      <ClientMessages namespaces={["ChangeSignupEmail", "Validation", "PasswordField"]}>
        <ChangeSignupEmailForm email={pending.email} minLength={env.PASSWORD_MIN_LENGTH} />
      </ClientMessages>
    </div>
  );
}
