import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { dateTimeText, emailText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type EmailChangeRequestedProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  newEmail: string;
  when: Date;
  /** The browser and system the request came from ("Chrome on Linux"), in the reader's language. */
  device: string;
  /** The account page, where a pending change can be cancelled. */
  accountLink: string;
  resetLink: string;
};

/**
 * Sent to the account's current address when a change of address is asked for, before anything changes:
 * whoever asked knew the password, and the owner hears of it while the change can still be stopped.
 */
export default function EmailChangeRequested({
  helpUrl,
  locale,
  appName,
  username,
  newEmail,
  when,
  device,
  accountLink,
  resetLink,
}: EmailChangeRequestedProps) {
  const t = emailText(locale);
  return (
    <EmailLayout
      appName={appName}
      locale={locale}
      helpUrl={helpUrl}
      secureLink={resetLink}
      preview={t("emailChangeRequested.preview")}
    >
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("emailChangeRequested.heading")}
      </Heading>
      <Text style={text}>{t("greeting", { username })}</Text>
      <Text style={text}>
        {t("emailChangeRequested.body", { appName, newEmail, when: dateTimeText(locale, when), device })}
      </Text>
      <Text style={text}>{t("emailChangeRequested.nothingYet")}</Text>
      <Text style={text}>{t("emailChangeRequested.wasYou")}</Text>
      <Text style={text}>{t("emailChangeRequested.wasntYou")}</Text>
      <Button href={accountLink} style={button}>
        {t("emailChangeRequested.button")}
      </Button>
      <Text {...rawLink}>
        <Link href={accountLink}>{accountLink}</Link>
      </Text>
    </EmailLayout>
  );
}

EmailChangeRequested.subject = (props: EmailChangeRequestedProps) =>
  emailText(props.locale)("emailChangeRequested.subject", { appName: props.appName });
EmailChangeRequested.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  newEmail: "alice.new@example.com",
  when: new Date("2026-11-30T21:12:00Z"),
  device: "Firefox on Windows",
  accountLink: "http://localhost:3000/account",
  resetLink: "http://localhost:3000/forgot-password?email=alice%40example.com",
} satisfies EmailChangeRequestedProps;
