import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { emailText, linkExpiryText } from "./i18n";
import { EmailLayout, button, rawLink, text } from "./layout";

export type ConfirmEmailProps = { locale: Locale; appName: string; username: string; link: string; expiresIn: number };

export default function ConfirmEmail({ locale, appName, username, link, expiresIn }: ConfirmEmailProps) {
  const t = emailText(locale);
  return (
    <EmailLayout appName={appName} locale={locale} preview={t("confirmEmail.preview", { appName })}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("confirmEmail.heading")}
      </Heading>
      <Text style={text}>{t("greeting", { username })}</Text>
      <Text style={text}>{t("confirmEmail.body")}</Text>
      <Button href={link} style={button}>
        {t("confirmEmail.button")}
      </Button>
      <Text style={rawLink}>
        {t("pasteLink")} <Link href={link}>{link}</Link>
      </Text>
      <Text style={text}>{linkExpiryText(locale, expiresIn)}</Text>
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
  link: "http://localhost:3000/confirm?token=example",
  expiresIn: 86400,
} satisfies ConfirmEmailProps;
