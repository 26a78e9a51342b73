import type { Metadata } from "next";
import { recentEvents } from "@/lib/accounts/audit";
import { describeDevice, describeEvent } from "@/lib/accounts/audit-text";
import { requireUser } from "@/lib/sessions/dal";
import { env } from "@/lib/platform/env";
import Link from "next/link";
import { ChangeEmailForm } from "./change-email-form";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Your account" };

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<{ welcome?: string; passwordChanged?: string; emailRestored?: string }>;
}) {
  const { user } = await requireUser("/account");
  const { welcome, passwordChanged, emailRestored } = await searchParams;
  const events = await recentEvents(user.id);
  return (
    <div className="card wide">
      <h1>Your account</h1>
      {welcome && (
        <div className="alert ok" role="status">
          Your email is confirmed and you are signed in. Welcome!
        </div>
      )}
      {passwordChanged && (
        <div className="alert ok" role="status">
          Your password was changed. Every other device was signed out, and we emailed you a notice.
        </div>
      )}
      {emailRestored && (
        <div className="alert ok" role="status">
          Your previous email address is back and your new password is set. Every other device was signed out.
        </div>
      )}
      <dl className="details">
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Member since</dt>
        <dd>{dateTime.format(user.createdAt)} UTC</dd>
      </dl>
      <p>
        <Link href="/account/security">Security: where you are signed in</Link>
      </p>

      <h2>Change password</h2>
      <div style={{ maxWidth: 440 }}>
        <ChangePasswordForm
          minLength={env.PASSWORD_MIN_LENGTH}
          context={{ username: user.username, email: user.email, appName: env.APP_NAME }}
        />
      </div>

      <h2>Change email</h2>
      <div style={{ maxWidth: 440 }}>
        <ChangeEmailForm username={user.username} currentEmail={user.email} />
      </div>

      <h2>Recent activity</h2>
      <p className="muted">
        Something you do not recognise? <Link href="/account/security">Sign out the sessions</Link> you do not know and
        change your password.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">From</th>
            <th scope="col">When (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td>{describeEvent(event.type)}</td>
              <td>
                {describeDevice(event.userAgent)}
                {event.ip ? `, ${event.ip}` : ""}
              </td>
              <td>{dateTime.format(event.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
