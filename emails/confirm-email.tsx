import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { dateTimeText, emailText, linkExpiryText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type ConfirmEmailProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  /** When the sign-up this link confirms was made. */
  signedUpAt: Date;
  link: string;
  expiresIn: number;
  /** When the link was made (now, unless given). */
  sentAt?: Date;
};

export default function ConfirmEmail({
  helpUrl,
  locale,
  appName,
  username,
  signedUpAt,
  link,
  expiresIn,
  sentAt,
}: ConfirmEmailProps) {
  const t = emailText(locale);
  return (
    <EmailLayout appName={appName} locale={locale} helpUrl={helpUrl} preview={t("confirmEmail.preview", { appName })}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("confirmEmail.heading")}
      </Heading>
      <Text style={text}>{t("greeting", { username })}</Text>
      <Text style={text}>{t("confirmEmail.body", { username, signedUpAt: dateTimeText(locale, signedUpAt) })}</Text>
      <Button href={link} style={button}>
        {t("confirmEmail.button")}
      </Button>
      <Text {...rawLink}>
        {t("pasteLink")} <Link href={link}>{link}</Link>
      </Text>
      <Text style={text}>{linkExpiryText(locale, expiresIn)}</Text>
      {/* Each new link voids the earlier ones: the reader of several emails learns which one works. */}
      <Text style={text}>{t("sentAt", { sentAt: dateTimeText(locale, sentAt ?? new Date()) })}</Text>
      <Text style={text}>{t("confirmEmail.ignore")}</Text>
    </EmailLayout>
  );
}

ConfirmEmail.subject = (props: ConfirmEmailProps) =>
  emailText(props.locale)("confirmEmail.subject", { appName: props.appName });
ConfirmEmail.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  signedUpAt: new Date("2026-11-30T19:05:00Z"),
  link: "http://localhost:3000/confirm?token=example",
  expiresIn: 86400,
} satisfies ConfirmEmailProps;
