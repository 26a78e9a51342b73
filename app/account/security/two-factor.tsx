import { getTranslations } from "next-intl/server";
import { describeDevice } from "@/lib/accounts/audit-text";
import { listRememberedBrowsers, pendingEnrolment, twoFactorStatus } from "@/lib/accounts/two-factor";
import { groupedSecret, qrCodeSvg } from "@/lib/security/totp";
import { forgetBrowserAction, startTotpAction } from "./actions";
import { ConfirmTotpForm, DisableTotpForm, RegenerateCodesForm } from "./two-factor-forms";

function deviceName(activity: Awaited<ReturnType<typeof getTranslations<"Activity">>>, userAgent: string | null) {
  const found = describeDevice(userAgent);
  if (found.kind === "unknown") return activity("unknownDevice");
  if (found.kind === "api") return activity("apiClient");
  const browser = found.browser ?? activity("aBrowser");
  return found.os ? activity("browserOn", { browser, os: found.os }) : browser;
}

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Two-factor sign-in with an authenticator app: set up, recovery codes, remembered browsers, turn off. */
export async function TwoFactorSection({ userId }: { userId: string }) {
  const status = await twoFactorStatus(userId);
  return (
    <section className="security-section" aria-labelledby="two-factor">
      <h2 id="two-factor">Two-factor sign-in</h2>
      {status.enabled ? (
        <EnabledTwoFactor userId={userId} codesLeft={status.recoveryCodesLeft} enabledAt={status.enabledAt!} />
      ) : status.pending ? (
        <PendingEnrolment userId={userId} />
      ) : (
        <NotSetUp />
      )}
    </section>
  );
}

function NotSetUp() {
  return (
    <>
      <p>
        Two-factor sign-in is <strong>off</strong>. With it on, signing in asks for a code from an authenticator app on
        your phone after your password, so a stolen password alone is not enough.
      </p>
      <form action={startTotpAction}>
        <button type="submit" className="button">
          Set up an authenticator app
        </button>
      </form>
    </>
  );
}

async function PendingEnrolment({ userId }: { userId: string }) {
  const enrolment = await pendingEnrolment(userId);
  if (!enrolment) return <NotSetUp />;
  const qr = `data:image/svg+xml;base64,${Buffer.from(qrCodeSvg(enrolment.otpauthUrl)).toString("base64")}`;
  return (
    <>
      <h3>Set up an authenticator app</h3>
      <ol>
        <li>Open an authenticator app on your phone (for example Aegis, Google Authenticator, 1Password).</li>
        <li>Scan this QR code, or type the key below into the app.</li>
        <li>Enter the 6-digit code the app then shows.</li>
      </ol>
      <div className="qr-code">
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server; nothing to optimise */}
        <img src={qr} alt="QR code to scan with your authenticator app" width={200} height={200} />
      </div>
      <p>
        Key:{" "}
        <code className="secret-key" data-testid="totp-key">
          {groupedSecret(enrolment.secret)}
        </code>
      </p>
      <ConfirmTotpForm />
    </>
  );
}

async function EnabledTwoFactor({
  userId,
  codesLeft,
  enabledAt,
}: {
  userId: string;
  codesLeft: number;
  enabledAt: Date;
}) {
  const [browsers, activity] = await Promise.all([listRememberedBrowsers(userId), getTranslations("Activity")]);
  return (
    <>
      <p>
        Two-factor sign-in is <strong>on</strong> (since {dateTime.format(enabledAt)} UTC): signing in asks for a code
        from your authenticator app.
      </p>
      <h3>Recovery codes</h3>
      <p>
        <span data-testid="recovery-codes-left">{codesLeft}</span> of 10 recovery codes left. Each signs you in once if
        you lose your phone. Making new ones replaces them all.
      </p>
      <RegenerateCodesForm />

      <h3>Remembered browsers</h3>
      {browsers.length === 0 ? (
        <p className="muted">No browser skips the second step.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Browser</th>
                <th scope="col">Remembered (UTC)</th>
                <th scope="col">Until</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {browsers.map((browser) => (
                <tr key={browser.id}>
                  <td>
                    {deviceName(activity, browser.userAgent)}
                    {browser.ip ? `, ${browser.ip}` : ""}
                  </td>
                  <td>{dateTime.format(browser.createdAt)}</td>
                  <td>{dateTime.format(browser.expiresAt)}</td>
                  <td>
                    <form action={forgetBrowserAction}>
                      <input type="hidden" name="id" value={browser.id} />
                      <button type="submit" className="button secondary small">
                        Forget
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>Turn off two-factor sign-in</h3>
      <DisableTotpForm />
    </>
  );
}
