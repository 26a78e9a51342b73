import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { dateTimeText, emailText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type SignedOutEverywhereProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  when: Date;
  /** The browser and system it was done from ("Chrome on Linux"), and the address, when known. */
  from: string;
  resetLink: string;
};

/** Sent after "Sign out everywhere", so its owner learns of it even when it was not them. */
export default function SignedOutEverywhere({
  helpUrl,
  locale,
  appName,
  username,
  when,
  from,
  resetLink,
}: SignedOutEverywhereProps) {
  const t = emailText(locale);
  return (
    <EmailLayout
      appName={appName}
      locale={locale}
      helpUrl={helpUrl}
      secureLink={resetLink}
      preview={t("signedOutEverywhere.preview")}
    >
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("signedOutEverywhere.heading")}
      </Heading>
      <Text style={text}>{t("greeting", { username })}</Text>
      <Text style={text}>{t("signedOutEverywhere.body", { when: dateTimeText(locale, when), from })}</Text>
      <Text style={text}>{t("signedOutEverywhere.wasYou")}</Text>
      <Text style={text}>{t("signedOutEverywhere.wasntYou")}</Text>
      <Button href={resetLink} style={button}>
        {t("signedOutEverywhere.button")}
      </Button>
      <Text {...rawLink}>
        <Link href={resetLink}>{resetLink}</Link>
      </Text>
    </EmailLayout>
  );
}

SignedOutEverywhere.subject = (props: SignedOutEverywhereProps) =>
  emailText(props.locale)("signedOutEverywhere.subject", { appName: props.appName });
SignedOutEverywhere.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  when: new Date("2026-11-30T21:12:00Z"),
  from: "Firefox on Windows, 203.0.113.7",
  resetLink: "http://localhost:3000/forgot-password",
} satisfies SignedOutEverywhereProps;
