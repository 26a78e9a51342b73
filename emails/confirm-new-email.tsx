import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { emailText, linkExpiryText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type ConfirmNewEmailProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  link: string;
  expiresIn: number;
};

/** Sent to the new address of an email change; the change applies only when this link is used. */
export default function ConfirmNewEmail({ helpUrl, locale, appName, username, link, expiresIn }: ConfirmNewEmailProps) {
  const t = emailText(locale);
  return (
    <EmailLayout
      appName={appName}
      locale={locale}
      helpUrl={helpUrl}
      preview={t("confirmNewEmail.subject", { appName })}
    >
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("confirmNewEmail.heading")}
      </Heading>
      <Text style={text}>{t("confirmNewEmail.body", { username, appName })}</Text>
      <Button href={link} style={button}>
        {t("confirmNewEmail.button")}
      </Button>
      <Text {...rawLink}>
        {t("pasteLink")} <Link href={link}>{link}</Link>
      </Text>
      <Text style={text}>
        {linkExpiryText(locale, expiresIn)} {t("confirmNewEmail.told")}
      </Text>
      <Text style={text}>{t("confirmNewEmail.ignore")}</Text>
    </EmailLayout>
  );
}

ConfirmNewEmail.subject = (props: ConfirmNewEmailProps) =>
  emailText(props.locale)("confirmNewEmail.subject", { appName: props.appName });
ConfirmNewEmail.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  link: "http://localhost:3000/email-change?token=example",
  expiresIn: 86400,
} satisfies ConfirmNewEmailProps;
