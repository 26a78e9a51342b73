import Link from "next/link";
import { describeDevice } from "@/lib/accounts/audit-text";
import { listLiveSessions } from "@/lib/sessions/sessions";
import { signOutSessionAction } from "./sessions-actions";

// "Where you're signed in": every live session of the account, website and API, with the browser and
// system it started from, its address, when it started, and a "Sign out" for each other one. Sign out
// everywhere is here too, behind a confirmation page.

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export async function Sessions({
  userId,
  currentSessionId,
  signedOutOne,
}: {
  userId: string;
  currentSessionId: string;
  signedOutOne?: boolean;
}) {
  const sessions = await listLiveSessions(userId);
  return (
    <section aria-labelledby="sessions" className="section">
      <h2 id="sessions" tabIndex={-1}>
        Where you are signed in
      </h2>
      {signedOutOne && (
        <div className="alert ok" role="status">
          That session is signed out.
        </div>
      )}
      <p className="muted">
        {sessions.length === 1 ? "1 session" : `${sessions.length} sessions`}. Times are UTC. Something you do not
        recognise? Sign it out and change your password.
      </p>
      <ul className="session-list">
        {sessions.map((session) => (
          <li key={session.id} className="session">
            <div>
              <strong>
                {session.kind === "api" ? "App or API client" : describeDevice(session.userAgent)}
                {session.id === currentSessionId && <span className="tag">This device</span>}
              </strong>
              <div className="muted">
                {session.ip ? `From ${session.ip}. ` : ""}Signed in {dateTime.format(session.createdAt)}.
              </div>
            </div>
            {session.id !== currentSessionId && (
              <form action={signOutSessionAction}>
                <input type="hidden" name="sessionId" value={session.id} />
                <button type="submit" className="button secondary small">
                  Sign out<span className="visually-hidden"> {describeDevice(session.userAgent)}</span>
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <p>
        <Link href="/account/sign-out-everywhere">Sign out everywhere</Link>
      </p>
    </section>
  );
}
