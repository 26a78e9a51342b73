import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { dateTimeText, emailText, linkExpiryText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type ResetPasswordProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  link: string;
  expiresIn: number;
  /** When the link was made (now, unless given). */
  sentAt?: Date;
};

export default function ResetPassword({
  helpUrl,
  locale,
  appName,
  username,
  link,
  expiresIn,
  sentAt,
}: ResetPasswordProps) {
  const t = emailText(locale);
  return (
    <EmailLayout appName={appName} locale={locale} helpUrl={helpUrl} preview={t("resetPassword.preview")}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("resetPassword.heading")}
      </Heading>
      <Text style={text}>{t("greeting", { username })}</Text>
      <Text style={text}>{t("resetPassword.body")}</Text>
      <Button href={link} style={button}>
        {t("resetPassword.button")}
      </Button>
      <Text {...rawLink}>
        {t("pasteLink")} <Link href={link}>{link}</Link>
      </Text>
      <Text style={text}>{linkExpiryText(locale, expiresIn)}</Text>
      {/* Each new link voids the earlier ones: the reader of several emails learns which one works. */}
      <Text style={text}>{t("sentAt", { sentAt: dateTimeText(locale, sentAt ?? new Date()) })}</Text>
      <Text style={text}>{t("resetPassword.ignore")}</Text>
    </EmailLayout>
  );
}

ResetPassword.subject = (props: ResetPasswordProps) =>
  emailText(props.locale)("resetPassword.subject", { appName: props.appName });
ResetPassword.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  link: "http://localhost:3000/reset-password?token=example",
  expiresIn: 1800,
} satisfies ResetPasswordProps;
