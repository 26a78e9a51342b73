import type { Metadata } from "next";
import Link from "next/link";
import { requireAdmin } from "@/lib/sessions/dal";
import { listOutbox, listUsers } from "@/lib/accounts/operator";
import {
  disableTwoFactorAction,
  lockAction,
  resendAction,
  retryFailedAction,
  revokeAction,
  rotateKeyAction,
  unlockAction,
} from "./actions";

export const metadata: Metadata = { title: "Administration" };

const NOTICES: Record<string, string> = {
  resent: "A fresh confirmation link is on its way.",
  revoked: "The account was signed out everywhere.",
  locked: "Sign-in is locked for 24 hours and every session ended.",
  unlocked: "Sign-in is unlocked.",
  retried: "Failed emails are queued again.",
  nothing_failed: "No failed emails to retry.",
  rotated: "API tokens are now signed with a new key.",
  already_confirmed: "That account has confirmed its email already.",
  not_found: "That account no longer exists.",
  two_factor_off: "Two-factor sign-in is off for that account; its owner was emailed.",
  not_on: "That account does not have two-factor sign-in on.",
};

const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

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
  const notice = search.notice ? NOTICES[search.notice] : undefined;
  const keep = (
    <>
      <input type="hidden" name="q" value={q} />
      <input type="hidden" name="page" value={page} />
    </>
  );
  const pageLink = (n: number) => `/admin?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`;

  return (
    <div className="card wide">
      <h1>Administration</h1>
      {notice && (
        <div className="alert ok" role="status">
          {notice}
        </div>
      )}
      <form method="get" action="/admin" className="field" role="search">
        <label htmlFor="admin-search">Find accounts by username or email</label>
        <div className="password-row">
          <input id="admin-search" name="q" defaultValue={q} />
          <button type="submit" className="button secondary small">
            Search
          </button>
        </div>
      </form>

      <h2>
        Accounts <span className="muted">({users.total})</span>
      </h2>
      <div style={{ overflowX: "auto" }}>
        <table>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">State</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
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
                  {account.confirmedAt ? "Confirmed" : "Not confirmed"}
                  <br />
                  {account.roles.join(", ")} · {account.liveSessions} live session
                  {account.liveSessions === 1 ? "" : "s"}
                </td>
                <td>{day.format(account.createdAt)}</td>
                <td>
                  <div className="actions" style={{ justifyContent: "flex-start", marginTop: 0, gap: "0.4rem" }}>
                    {!account.confirmedAt && (
                      <AccountAction
                        action={resendAction}
                        username={account.username}
                        keep={keep}
                        label="Resend confirmation"
                        name={`Resend confirmation to ${account.username}`}
                      />
                    )}
                    <AccountAction
                      action={revokeAction}
                      username={account.username}
                      keep={keep}
                      label="Sign out everywhere"
                      name={`Sign ${account.username} out everywhere`}
                    />
                    <AccountAction
                      action={lockAction}
                      username={account.username}
                      keep={keep}
                      label="Lock 24 h"
                      name={`Lock ${account.username} for 24 hours`}
                    />
                    <AccountAction
                      action={unlockAction}
                      username={account.username}
                      keep={keep}
                      label="Unlock"
                      name={`Unlock ${account.username}`}
                    />
                    {account.twoFactor && (
                      <AccountAction
                        action={disableTwoFactorAction}
                        username={account.username}
                        keep={keep}
                        label="Turn off two-factor"
                        name={`Turn off two-factor sign-in for ${account.username}`}
                      />
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages" className="actions" style={{ justifyContent: "space-between" }}>
        {page > 1 ? <Link href={pageLink(page - 1)}>← Newer</Link> : <span />}
        <span className="muted">
          Page {users.page} of {users.pages}
        </span>
        {page < users.pages ? <Link href={pageLink(page + 1)}>Older →</Link> : <span />}
      </nav>

      <h2>Email outbox</h2>
      <p>
        {Object.entries(outbox.counts)
          .map(([state, count]) => `${count} ${state}`)
          .join(" · ")}
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
            Retry failed emails
          </button>
        </form>
        <form action={rotateKeyAction}>
          {keep}
          <button className="button secondary" type="submit">
            Rotate the API signing key
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
