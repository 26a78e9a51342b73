import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { dateTimeText, emailText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type NewSignInProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  when: Date;
  /** The browser and system ("Chrome on Linux"), in the reader's language. */
  device: string;
  securityLink: string;
};

/** Sent when a browser that never signed in to the account before does: its owner learns of a stranger at once. */
export default function NewSignIn({ helpUrl, locale, appName, username, when, device, securityLink }: NewSignInProps) {
  const t = emailText(locale);
  return (
    <EmailLayout
      appName={appName}
      locale={locale}
      helpUrl={helpUrl}
      secureLink={securityLink}
      preview={t("newSignIn.preview")}
    >
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("newSignIn.heading")}
      </Heading>
      <Text style={text}>{t("greeting", { username })}</Text>
      <Text style={text}>{t("newSignIn.body", { appName, when: dateTimeText(locale, when), device })}</Text>
      <Text style={text}>{t("newSignIn.wasYou")}</Text>
      <Text style={text}>{t("newSignIn.wasntYou")}</Text>
      <Button href={securityLink} style={button}>
        {t("newSignIn.button")}
      </Button>
      <Text {...rawLink}>
        <Link href={securityLink}>{securityLink}</Link>
      </Text>
    </EmailLayout>
  );
}

NewSignIn.subject = (props: NewSignInProps) => emailText(props.locale)("newSignIn.subject", { appName: props.appName });
NewSignIn.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  when: new Date("2026-11-30T21:12:00Z"),
  device: "Firefox on Windows",
  securityLink: "http://localhost:3000/account/security",
} satisfies NewSignInProps;
