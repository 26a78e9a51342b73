import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { dateTimeText, emailText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type PasswordChangedProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  when: Date;
  resetLink: string;
};

/** Sent after every password change or reset, so a takeover cannot go unnoticed. */
export default function PasswordChanged({ helpUrl, locale, appName, username, when, resetLink }: PasswordChangedProps) {
  const t = emailText(locale);
  return (
    <EmailLayout
      appName={appName}
      locale={locale}
      helpUrl={helpUrl}
      secureLink={resetLink}
      preview={t("passwordChanged.subject", { appName })}
    >
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("passwordChanged.heading")}
      </Heading>
      <Text style={text}>{t("greeting", { username })}</Text>
      <Text style={text}>{t("passwordChanged.body", { when: dateTimeText(locale, when) })}</Text>
      <Text style={text}>{t("passwordChanged.wasYou")}</Text>
      <Text style={text}>{t("passwordChanged.wasntYou")}</Text>
      <Button href={resetLink} style={button}>
        {t("passwordChanged.button")}
      </Button>
      <Text {...rawLink}>
        <Link href={resetLink}>{resetLink}</Link>
      </Text>
    </EmailLayout>
  );
}

PasswordChanged.subject = (props: PasswordChangedProps) =>
  emailText(props.locale)("passwordChanged.subject", { appName: props.appName });
PasswordChanged.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  when: new Date("2026-11-26T10:42:00Z"),
  resetLink: "http://localhost:3000/forgot-password",
} satisfies PasswordChangedProps;
