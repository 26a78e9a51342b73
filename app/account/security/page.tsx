import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { connectedProviders, hasPassword } from "@/lib/accounts/provider-accounts";
import { isRecentlyAuthenticated } from "@/lib/accounts/two-factor";
import { env } from "@/lib/platform/env";
import { requireUser } from "@/lib/sessions/dal";
import { continueWithProvider } from "../../(auth)/provider-actions";
import { ConnectedAccounts, type ConnectedAccountsNotice } from "./connected-accounts";
import { ReauthenticateForm } from "./reauthenticate-form";
import { PasskeysSection } from "./passkeys";
import { Sessions } from "./sessions";
import { TwoFactorSection } from "./two-factor";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Security"))("title") };
}

// What ?notice= the actions redirect with may say; anything else in the query shows nothing.
const NOTICES = {
  "two-factor-off": "noticeTwoFactorOff",
  "browser-forgotten": "noticeBrowserForgotten",
  "passkey-added": "noticePasskeyAdded",
  "passkey-renamed": "noticePasskeyRenamed",
  "passkey-removed": "noticePasskeyRemoved",
  "passkey-last": "noticePasskeyLast",
  "passkey-name-invalid": "noticePasskeyNameInvalid",
  "passkey-gone": "noticePasskeyGone",
} as const;

// Notices that tell of something refused, shown as such.
const REFUSALS = new Set(["passkey-last", "passkey-name-invalid", "passkey-gone"]);

function noticeKey(notice: string | undefined) {
  return notice && Object.hasOwn(NOTICES, notice) ? NOTICES[notice as keyof typeof NOTICES] : null;
}

// The client forms on this page use these catalogue namespaces, and only these travel to the browser.
const CLIENT_NAMESPACES = ["Security", "Validation", "PasswordField", "Common"] as const;

const PAGE = "/account/security";

/**
 * The page asks who is there again once the sign-in is old: the password, or, for an account that has none
 * (made through a provider), a fresh sign-in with one of its connected providers.
 */
async function Reauthenticate({ userId }: { userId: string }) {
  const t = await getTranslations("Security");
  if (await hasPassword(userId)) {
    return (
      <>
        <p>{t("reauthIntro")}</p>
        <ClientMessages namespaces={[...CLIENT_NAMESPACES]}>
          <ReauthenticateForm />
        </ClientMessages>
      </>
    );
  }
  const connected = await connectedProviders(userId);
  const usable = env.providers.filter((p) => connected.some((c) => c.provider === p.id));
  return (
    <>
      <p>{t("reauthWithProviderIntro")}</p>
      <div className="providers">
        {usable.map((provider) => (
          <form key={provider.id} action={continueWithProvider}>
            <input type="hidden" name="provider" value={provider.id} />
            <input type="hidden" name="callbackUrl" value={PAGE} />
            <button type="submit" className="button secondary provider">
              {t("reauthWithProvider", { provider: provider.name })}
            </button>
          </form>
        ))}
      </div>
    </>
  );
}

// One section per way of protecting the account; each section is its own component file.
export default async function SecurityPage({
  searchParams,
}: {
  searchParams: Promise<{ notice?: string; signedOutSession?: string } & ConnectedAccountsNotice>;
}) {
  const { user, sessionId } = await requireUser(PAGE);
  const [search, t] = await Promise.all([searchParams, getTranslations("Security")]);
  if (!(await isRecentlyAuthenticated(sessionId))) {
    return (
      <div className="card">
        <h1>{t("title")}</h1>
        <Reauthenticate userId={user.id} />
        <p>
          <Link href="/account">{t("backToAccount")}</Link>
        </p>
      </div>
    );
  }
  const shown = noticeKey(search.notice);
  return (
    <div className="card wide">
      <h1>{t("title")}</h1>
      <p>
        <Link href="/account">{t("backToAccount")}</Link>
      </p>
      {shown && (
        <div className={REFUSALS.has(search.notice!) ? "alert error" : "alert ok"} role="status">
          {t(shown)}
        </div>
      )}
      <ClientMessages namespaces={[...CLIENT_NAMESPACES]}>
        <TwoFactorSection userId={user.id} username={user.username} />
        <PasskeysSection userId={user.id} />
      </ClientMessages>
      <ConnectedAccounts userId={user.id} notice={search} />
      <Sessions userId={user.id} currentSessionId={sessionId} signedOutOne={Boolean(search.signedOutSession)} />
    </div>
  );
}
