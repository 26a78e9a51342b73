import { getLocale, getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/components/local-time";
import { describeDevice } from "@/lib/accounts/audit-text";
import {
  listRememberedBrowsers,
  pendingEnrolment,
  RECOVERY_CODE_COUNT,
  twoFactorStatus,
} from "@/lib/accounts/two-factor";
import { env } from "@/lib/platform/env";
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

const strong = (chunks: React.ReactNode) => <strong>{chunks}</strong>;

/** Two-factor sign-in with an authenticator app: set up, recovery codes, remembered browsers, turn off. */
export async function TwoFactorSection({ userId, username }: { userId: string; username: string }) {
  const [status, t] = await Promise.all([twoFactorStatus(userId), getTranslations("Security")]);
  // What the downloaded recovery codes file says above the codes, so it is recognisable later.
  const codesFileHeading = t("codesFileHeading", { appName: env.APP_NAME, username });
  return (
    <section className="security-section" aria-labelledby="two-factor">
      <h2 id="two-factor">{t("twoFactorHeading")}</h2>
      {status.enabled ? (
        <EnabledTwoFactor
          userId={userId}
          codesLeft={status.recoveryCodesLeft}
          enabledAt={status.enabledAt!}
          codesFileHeading={codesFileHeading}
        />
      ) : status.pending ? (
        <PendingEnrolment userId={userId} codesFileHeading={codesFileHeading} />
      ) : (
        <NotSetUp />
      )}
    </section>
  );
}

async function NotSetUp() {
  const t = await getTranslations("Security");
  return (
    <>
      <p>{t.rich("offIntro", { strong })}</p>
      <form action={startTotpAction}>
        <button type="submit" className="button">
          {t("setUpApp")}
        </button>
      </form>
    </>
  );
}

async function PendingEnrolment({ userId, codesFileHeading }: { userId: string; codesFileHeading: string }) {
  const [enrolment, t] = await Promise.all([pendingEnrolment(userId), getTranslations("Security")]);
  if (!enrolment) return <NotSetUp />;
  const qr = `data:image/svg+xml;base64,${Buffer.from(qrCodeSvg(enrolment.otpauthUrl)).toString("base64")}`;
  return (
    <>
      <h3>{t("setUpApp")}</h3>
      <ol>
        <li>{t("setUpStep1")}</li>
        <li>{t("setUpStep2")}</li>
        <li>{t("setUpStep3")}</li>
      </ol>
      <div className="qr-code">
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server; nothing to optimise */}
        <img src={qr} alt={t("qrAlt")} width={200} height={200} />
      </div>
      <p>
        {t("key")}{" "}
        <code className="secret-key" data-testid="totp-key">
          {groupedSecret(enrolment.secret)}
        </code>
      </p>
      <ConfirmTotpForm codesFileHeading={codesFileHeading} />
    </>
  );
}

async function EnabledTwoFactor({
  userId,
  codesLeft,
  enabledAt,
  codesFileHeading,
}: {
  userId: string;
  codesLeft: number;
  enabledAt: Date;
  codesFileHeading: string;
}) {
  const [browsers, t, activity, locale] = await Promise.all([
    listRememberedBrowsers(userId),
    getTranslations("Security"),
    getTranslations("Activity"),
    getLocale(),
  ]);
  return (
    <>
      <p>
        {t.rich("onSince", {
          strong,
          since: () => <LocalTime iso={enabledAt.toISOString()} locale={locale} />,
        })}
      </p>
      <h3>{t("recoveryCodesHeading")}</h3>
      <p>
        {t.rich("codesLeft", {
          left: codesLeft,
          total: RECOVERY_CODE_COUNT,
          // The number alone in its own element, so a test can read it whatever the language.
          count: (chunks) => <span data-testid="recovery-codes-left">{chunks}</span>,
        })}
      </p>
      <RegenerateCodesForm codesFileHeading={codesFileHeading} />

      <h3>{t("rememberedHeading")}</h3>
      {browsers.length === 0 ? (
        <p className="muted">{t("noRemembered")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("rememberedCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("colBrowser")}</th>
                <th scope="col">{t("colRemembered")}</th>
                <th scope="col">{t("colUntil")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("colAction")}</span>
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
                  <td>
                    <LocalTime iso={browser.createdAt.toISOString()} locale={locale} />
                  </td>
                  <td>
                    <LocalTime iso={browser.expiresAt.toISOString()} locale={locale} />
                  </td>
                  <td>
                    <form action={forgetBrowserAction}>
                      <input type="hidden" name="id" value={browser.id} />
                      <button type="submit" className="button secondary small">
                        {t("forget")}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>{t("turnOffHeading")}</h3>
      <DisableTotpForm />
    </>
  );
}
