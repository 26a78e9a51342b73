import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { LocalTime } from "@/app/components/local-time";
import { ForgetNoticeInAddress } from "@/app/components/one-time-notice";
import { recentEvents } from "@/lib/accounts/audit";
import { isDescribedEvent } from "@/lib/accounts/audit-text";
import { hasPassword } from "@/lib/accounts/provider-accounts";
import { requireUser } from "@/lib/sessions/dal";
import { env } from "@/lib/platform/env";
import { ChangeEmailForm } from "./change-email-form";
import { deviceNamer } from "./device-name";
import { ChangePasswordForm } from "./change-password-form";

// Notices shown once after a redirect; the address forgets them (app/components/one-time-notice.tsx).
const NOTICE_PARAMS = ["welcome", "passwordChanged", "emailRestored"];

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Account"))("title") };
}

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<{ welcome?: string; passwordChanged?: string; emailRestored?: string }>;
}) {
  const { user } = await requireUser("/account");
  const { welcome, passwordChanged, emailRestored } = await searchParams;
  const [events, t, activity, locale, device, passwordSet] = await Promise.all([
    recentEvents(user.id),
    getTranslations("Account"),
    getTranslations("Activity"),
    getLocale(),
    deviceNamer(),
    hasPassword(user.id),
  ]);
  return (
    <div className="card wide">
      <h1>{t("title")}</h1>
      <ForgetNoticeInAddress params={NOTICE_PARAMS} />
      {welcome && (
        <div className="alert ok" role="status">
          {t("welcome")}
        </div>
      )}
      {passwordChanged && (
        <div className="alert ok" role="status">
          {t("passwordChanged")}
        </div>
      )}
      {emailRestored && (
        <div className="alert ok" role="status">
          {t("emailRestored")}
        </div>
      )}
      <dl className="details">
        <dt>{t("username")}</dt>
        <dd>{user.username}</dd>
        <dt>{t("email")}</dt>
        <dd>{user.email}</dd>
        <dt>{t("memberSince")}</dt>
        <dd>
          <LocalTime iso={user.createdAt.toISOString()} locale={locale} dateOnly />
        </dd>
      </dl>
      <p>{t.rich("securityLink", { link: (chunks) => <Link href="/account/security">{chunks}</Link> })}</p>

      {passwordSet ? (
        <ClientMessages namespaces={["Account", "Validation", "PasswordField", "Common"]}>
          <h2>{t("changePassword")}</h2>
          <div style={{ maxWidth: 440 }}>
            <ChangePasswordForm
              minLength={env.PASSWORD_MIN_LENGTH}
              context={{ username: user.username, email: user.email, appName: env.APP_NAME }}
            />
          </div>

          <h2>{t("changeEmail")}</h2>
          <div style={{ maxWidth: 440 }}>
            <ChangeEmailForm username={user.username} currentEmail={user.email} />
          </div>
        </ClientMessages>
      ) : (
        <>
          {/* Both forms ask for the current password, which an account made through a provider does not have. */}
          <h2>{t("setPassword")}</h2>
          <p>
            {t.rich("noPasswordYet", {
              link: (chunks) => <Link href={`/forgot-password?email=${encodeURIComponent(user.email)}`}>{chunks}</Link>,
            })}
          </p>
        </>
      )}

      <h2>{t("yourData")}</h2>
      <p className="muted">{t("downloadDataText")}</p>
      <p>
        {/* A plain link: the browser downloads the file (the route names it and forbids caching). */}
        <a href="/account/data" download>
          {t("downloadData")}
        </a>
      </p>

      <h2>{t("activity")}</h2>
      <p className="muted">
        {t.rich("activityHintSessions", { link: (chunks) => <Link href="/account/security">{chunks}</Link> })}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("what")}</th>
            <th scope="col">{t("from")}</th>
            <th scope="col">{t("when")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td>{isDescribedEvent(event.type) ? activity(event.type) : activity("other", { type: event.type })}</td>
              <td>
                {device(event.userAgent)}
                {event.ip ? `, ${event.ip}` : ""}
              </td>
              <td>
                <LocalTime iso={event.createdAt.toISOString()} locale={locale} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
