import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { requireAdmin } from "@/lib/sessions/dal";
import { EMAIL_STATES, listOutbox, listUsers } from "@/lib/accounts/operator";
import {
  disableTwoFactorAction,
  lockAction,
  resendAction,
  retryFailedAction,
  revokeAction,
  rotateKeyAction,
  unlockAction,
} from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Admin"))("title") };
}

const NOTICES = [
  "resent",
  "revoked",
  "locked",
  "unlocked",
  "retried",
  "nothing_failed",
  "rotated",
  "already_confirmed",
  "not_found",
  "two_factor_off",
  "not_on",
] as const;
type Notice = (typeof NOTICES)[number];
const isNotice = (value: string | undefined): value is Notice => NOTICES.includes(value as Notice);

type Search = { q?: string; page?: string; notice?: string };

export default async function AdminPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdmin("/admin");
  const search = await searchParams;
  const q = typeof search.q === "string" ? search.q.slice(0, 100) : "";
  const page = Math.max(1, Number.parseInt(search.page ?? "1", 10) || 1);
  const [users, outbox] = await Promise.all([
    listUsers({ search: q, page }),
    listOutbox({ state: "failed", limit: 10 }),
  ]);
  const [t, locale] = await Promise.all([getTranslations("Admin"), getLocale()]);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const notice = isNotice(search.notice) ? t(`notice_${search.notice}`) : undefined;
  const keep = (
    <>
      <input type="hidden" name="q" value={q} />
      <input type="hidden" name="page" value={page} />
    </>
  );
  const pageLink = (n: number) => `/admin?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`;

  return (
    <div className="card wide">
      <h1>{t("title")}</h1>
      {notice && (
        <div className="alert ok" role="status">
          {notice}
        </div>
      )}
      <form method="get" action="/admin" className="field" role="search">
        <label htmlFor="admin-search">{t("searchLabel")}</label>
        <div className="password-row">
          <input id="admin-search" name="q" defaultValue={q} />
          <button type="submit" className="button secondary small">
            {t("search")}
          </button>
        </div>
      </form>

      <h2>
        {t("accounts")} <span className="muted">({users.total})</span>
      </h2>
      <div style={{ overflowX: "auto" }}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("account")}</th>
              <th scope="col">{t("state")}</th>
              <th scope="col">{t("created")}</th>
              <th scope="col">{t("actions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.users.map((account) => (
              <tr key={account.id}>
                <td>
                  <strong>{account.username}</strong>
                  <br />
                  {account.email}
                </td>
                <td>
                  {account.confirmedAt ? t("confirmed") : t("notConfirmed")}
                  <br />
                  {account.roles.join(", ")} · {t("liveSessions", { count: account.liveSessions })}
                </td>
                <td>{day.format(account.createdAt)}</td>
                <td>
                  <div className="actions" style={{ justifyContent: "flex-start", marginTop: 0, gap: "0.4rem" }}>
                    {!account.confirmedAt && (
                      <AccountAction
                        action={resendAction}
                        username={account.username}
                        keep={keep}
                        label={t("resend")}
                        name={t("resendName", { username: account.username })}
                      />
                    )}
                    <AccountAction
                      action={revokeAction}
                      username={account.username}
                      keep={keep}
                      label={t("revoke")}
                      name={t("revokeName", { username: account.username })}
                    />
                    <AccountAction
                      action={lockAction}
                      username={account.username}
                      keep={keep}
                      label={t("lock")}
                      name={t("lockName", { username: account.username })}
                    />
                    <AccountAction
                      action={unlockAction}
                      username={account.username}
                      keep={keep}
                      label={t("unlock")}
                      name={t("unlockName", { username: account.username })}
                    />
                    {account.twoFactor && (
                      <AccountAction
                        action={disableTwoFactorAction}
                        username={account.username}
                        keep={keep}
                        label={t("disableTwoFactor")}
                        name={t("disableTwoFactorName", { username: account.username })}
                      />
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label={t("pages")} className="actions" style={{ justifyContent: "space-between" }}>
        {page > 1 ? <Link href={pageLink(page - 1)}>{t("newer")}</Link> : <span />}
        <span className="muted">{t("pageOf", { page: users.page, pages: users.pages })}</span>
        {page < users.pages ? <Link href={pageLink(page + 1)}>{t("older")}</Link> : <span />}
      </nav>

      <h2>{t("outbox")}</h2>
      <p>
        {EMAIL_STATES.map((state) => t(`outboxCount_${state}`, { count: outbox.counts[state] })).join(" · ")}
      </p>
      {outbox.messages.length > 0 && (
        <ul>
          {outbox.messages.map((message) => (
            <li key={message.id}>
              {message.subject} → {message.to}: {message.lastError}
            </li>
          ))}
        </ul>
      )}
      <div className="actions" style={{ justifyContent: "flex-start" }}>
        <form action={retryFailedAction}>
          {keep}
          <button className="button secondary" type="submit">
            {t("retryFailed")}
          </button>
        </form>
        <form action={rotateKeyAction}>
          {keep}
          <button className="button secondary" type="submit">
            {t("rotateKey")}
          </button>
        </form>
      </div>
    </div>
  );
}

/** One button that runs an admin action on one account; `name` is the button's accessible name. */
function AccountAction(props: {
  action: (formData: FormData) => Promise<void>;
  username: string;
  keep: React.ReactNode;
  label: string;
  name: string;
}) {
  return (
    <form action={props.action}>
      {props.keep}
      <input type="hidden" name="login" value={props.username} />
      <button className="button secondary small" type="submit" aria-label={props.name}>
        {props.label}
      </button>
    </form>
  );
}
