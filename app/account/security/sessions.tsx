import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { listLiveSessions } from "@/lib/sessions/sessions";
import { utcDateTime } from "@/lib/shared/format";
import { deviceNamer } from "../device-name";
import { signOutSessionAction } from "./sessions-actions";

// "Where you're signed in": every live session of the account, website and API, with the browser and
// system it started from, its address, when it started, and a "Sign out" for each other one. Sign out
// everywhere is here too, behind a confirmation page.

export async function Sessions({
  userId,
  currentSessionId,
  signedOutOne,
}: {
  userId: string;
  currentSessionId: string;
  signedOutOne?: boolean;
}) {
  const [sessions, t, locale, device] = await Promise.all([
    listLiveSessions(userId),
    getTranslations("Security"),
    getLocale(),
    deviceNamer(),
  ]);
  return (
    <section aria-labelledby="sessions" className="section">
      <h2 id="sessions" tabIndex={-1}>
        {t("sessionsTitle")}
      </h2>
      {signedOutOne && (
        <div className="alert ok" role="status">
          {t("sessionSignedOut")}
        </div>
      )}
      <p className="muted">{t("sessionsIntro", { count: sessions.length })}</p>
      <ul className="session-list">
        {sessions.map((session) => (
          <li key={session.id} className="session">
            <div>
              <strong>
                {session.kind === "api" ? t("apiClient") : device(session.userAgent)}
                {session.id === currentSessionId && <span className="tag">{t("thisDevice")}</span>}
              </strong>
              <div className="muted">
                {session.ip ? `${t("from", { ip: session.ip })} ` : ""}
                {t("signedInAt", { when: utcDateTime(locale, session.createdAt) })}
              </div>
            </div>
            {session.id !== currentSessionId && (
              <form action={signOutSessionAction}>
                <input type="hidden" name="sessionId" value={session.id} />
                <button type="submit" className="button secondary small">
                  {t("signOut")}
                  <span className="visually-hidden"> {device(session.userAgent)}</span>
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <p>
        <Link href="/account/sign-out-everywhere">{t("signOutEverywhere")}</Link>
      </p>
    </section>
  );
}
