import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { LocalTime, LocalTimeRange } from "@/app/components/local-time";
import { ForgetNoticeInAddress } from "@/app/components/one-time-notice";
import { activityGroups, type ActivityGroup } from "@/lib/accounts/audit";
import { pendingEmailChange } from "@/lib/accounts/email-change";
import { throttledIn } from "@/lib/platform/i18n";
import { isCountedEvent, isDescribedEvent } from "@/lib/accounts/audit-text";
import { hasPassword } from "@/lib/accounts/provider-accounts";
import { requireUser } from "@/lib/sessions/dal";
import { env } from "@/lib/platform/env";
import { cancelEmailChangeAction, resendEmailChangeAction } from "./actions";
import { ChangeEmailForm } from "./change-email-form";
import { deviceNamer } from "./device-name";
import { ChangePasswordForm } from "./change-password-form";

// Notices shown once after a redirect; the address forgets them (app/components/one-time-notice.tsx).
const NOTICE_PARAMS = ["welcome", "passwordChanged", "emailRestored", "deletionCancelled", "emailChange", "retry"];

// What ?emailChange= the pending change's buttons come back with.
const EMAIL_CHANGE_NOTICES = {
  resent: "pendingChangeResent",
  cancelled: "pendingChangeCancelled",
  gone: "pendingChangeGone",
} as const;

// Rows of activity shown at first, and how many more "Show more" adds (a plain link: ?activity=<rows>).
const ACTIVITY_ROWS = 10;
const MORE_ACTIVITY_ROWS = 20;
const MAX_ACTIVITY_ROWS = 500;

function activityRows(param: string | undefined): number {
  const rows = Number.parseInt(param ?? "", 10);
  return Number.isFinite(rows) ? Math.min(Math.max(rows, ACTIVITY_ROWS), MAX_ACTIVITY_ROWS) : ACTIVITY_ROWS;
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Account"))("title") };
}

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<{
    welcome?: string;
    passwordChanged?: string;
    emailRestored?: string;
    deletionCancelled?: string;
    emailChange?: string;
    retry?: string;
    activity?: string;
  }>;
}) {
  const { user } = await requireUser("/account");
  const { welcome, passwordChanged, emailRestored, deletionCancelled, emailChange, retry, ...query } =
    await searchParams;
  const shown = activityRows(query.activity);
  const [events, pending, t, activity, locale, device, passwordSet] = await Promise.all([
    activityGroups(user.id, shown),
    pendingEmailChange(user.id),
    getTranslations("Account"),
    getTranslations("Activity"),
    getLocale(),
    deviceNamer(),
    hasPassword(user.id),
  ]);
  // "Signed in", "Signed in (3 times)", "10 failed sign-in attempts".
  const describe = ({ type, count }: ActivityGroup) => {
    if (count > 1 && isCountedEvent(type)) return activity(`counted.${type}`, { count });
    const what = isDescribedEvent(type) ? activity(type) : activity("other", { type });
    return count > 1 ? activity("repeated", { what, count }) : what;
  };
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
      {deletionCancelled && (
        <div className="alert ok" role="status">
          {t("deletionCancelled")}
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

          <h2 id="change-email">{t("changeEmail")}</h2>
          {emailChange === "throttled" && (
            <div className="alert error" role="alert">
              {throttledIn(locale, Number(retry) || 60, "email-requests")}
            </div>
          )}
          {emailChange && Object.hasOwn(EMAIL_CHANGE_NOTICES, emailChange) && (
            <div className="alert ok" role="status">
              {t(EMAIL_CHANGE_NOTICES[emailChange as keyof typeof EMAIL_CHANGE_NOTICES])}
            </div>
          )}
          {pending && (
            <section className="pending-change" aria-labelledby="pending-change-title">
              <h3 id="pending-change-title">{t("pendingChangeTitle")}</h3>
              <p>
                {t.rich("pendingChange", {
                  email: pending.email,
                  strong: (chunks) => <strong>{chunks}</strong>,
                  time: () => <LocalTime iso={pending.expiresAt.toISOString()} locale={locale} />,
                })}
              </p>
              <div className="button-row">
                <form action={resendEmailChangeAction}>
                  <button type="submit" className="button secondary">
                    {t("pendingChangeResend")}
                  </button>
                </form>
                <form action={cancelEmailChangeAction}>
                  <button type="submit" className="button secondary">
                    {t("pendingChangeCancel")}
                  </button>
                </form>
              </div>
            </section>
          )}
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

      <h2>{t("deleteAccount")}</h2>
      <p className="muted">{t("deleteAccountText")}</p>
      <p>
        <Link href="/account/delete">{t("deleteAccountLink")}</Link>
      </p>

      <h2>{t("activity")}</h2>
      <p className="muted">
        {t.rich("activityHintSessions", { link: (chunks) => <Link href="/account/security">{chunks}</Link> })}
      </p>
      <table className="activity">
        <thead>
          <tr>
            <th scope="col">{t("what")}</th>
            <th scope="col">{t("from")}</th>
            <th scope="col">{t("when")}</th>
          </tr>
        </thead>
        <tbody>
          {events.groups.map((event, index) => (
            <tr key={event.id} id={`activity-${index + 1}`}>
              <td>{describe(event)}</td>
              <td>
                {device(event.userAgent)}
                {event.ip ? `, ${event.ip}` : ""}
              </td>
              <td>
                {event.count > 1 ? (
                  <LocalTimeRange from={event.first.toISOString()} to={event.last.toISOString()} locale={locale} />
                ) : (
                  <LocalTime iso={event.last.toISOString()} locale={locale} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {events.more && (
        // The link lands on the first row it adds.
        <p className="after-button">
          <Link href={`/account?activity=${shown + MORE_ACTIVITY_ROWS}#activity-${shown + 1}`}>
            {t("showMoreActivity")}
          </Link>
        </p>
      )}
    </div>
  );
}
