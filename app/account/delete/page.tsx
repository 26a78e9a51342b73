import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { formPostTitle } from "@/app/components/page-title";
import { deletionProof } from "@/lib/accounts/account-deletion";
import { connectedProviders } from "@/lib/accounts/provider-accounts";
import { isRecentlyAuthenticated } from "@/lib/accounts/two-factor";
import { env } from "@/lib/platform/env";
import { requireUser } from "@/lib/sessions/dal";
import { continueWithProvider } from "../../(auth)/provider-actions";
import { DeleteAfterRecentSignInForm, DeleteWithCodeForm, DeleteWithPasswordForm } from "./delete-form";

const PAGE = "/account/delete";

export async function generateMetadata(): Promise<Metadata> {
  return { title: await formPostTitle((await getTranslations("DeleteAccount"))("title")) };
}

/** An account with no password and no authenticator app proves it is its owner by signing in again. */
async function SignInAgain({ userId }: { userId: string }) {
  const t = await getTranslations("DeleteAccount");
  const connected = await connectedProviders(userId);
  const usable = env.providers.filter((p) => connected.some((c) => c.provider === p.id));
  return (
    <>
      <p>{t("recentSignIn")}</p>
      {usable.map((provider) => (
        <form key={provider.id} action={continueWithProvider}>
          <input type="hidden" name="provider" value={provider.id} />
          <input type="hidden" name="callbackUrl" value={PAGE} />
          <p>{t("signInAgain", { provider: provider.name })}</p>
          <button type="submit" className="button secondary provider">
            {t("signInAgainButton", { provider: provider.name })}
          </button>
        </form>
      ))}
    </>
  );
}

export default async function DeleteAccountPage() {
  const { user, sessionId } = await requireUser(PAGE);
  const [t, way] = await Promise.all([getTranslations("DeleteAccount"), deletionProof(user.id)]);
  const needsSignIn = way === "recent_sign_in" && !(await isRecentlyAuthenticated(sessionId));
  return (
    <div className="card">
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <ul>
        <li>{t("whatHappens1")}</li>
        <li>{t("whatHappens2")}</li>
        <li>{t("whatHappens3")}</li>
      </ul>
      <p>{t("changeMind")}</p>
      <p>
        {t.rich("downloadFirst", {
          link: (chunks) => (
            <a href="/account/data" download>
              {chunks}
            </a>
          ),
        })}
      </p>
      {needsSignIn ? (
        <SignInAgain userId={user.id} />
      ) : (
        <ClientMessages namespaces={["DeleteAccount", "Validation", "PasswordField", "Form", "Common"]}>
          {way === "password" && <DeleteWithPasswordForm username={user.username} />}
          {way === "second_factor" && <DeleteWithCodeForm />}
          {way === "recent_sign_in" && (
            <>
              <p>{t("recentSignIn")}</p>
              <DeleteAfterRecentSignInForm />
            </>
          )}
        </ClientMessages>
      )}
      <p className="after-button">
        <Link href="/account">{t("cancel")}</Link>
      </p>
    </div>
  );
}
