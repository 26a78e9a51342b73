import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { emailText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type SignInLockedProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  minutes: number;
  resetLink: string;
};

/** Sent once per lock, when repeated wrong passwords pause sign-in to an account. */
export default function SignInLocked({ helpUrl, locale, appName, username, minutes, resetLink }: SignInLockedProps) {
  const t = emailText(locale);
  return (
    <EmailLayout
      appName={appName}
      locale={locale}
      helpUrl={helpUrl}
      secureLink={resetLink}
      preview={t("signInLocked.subject", { appName })}
    >
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("signInLocked.heading", { minutes })}
      </Heading>
      <Text style={text}>{t("greeting", { username })}</Text>
      <Text style={text}>{t("signInLocked.body", { minutes })}</Text>
      <Text style={text}>{t("signInLocked.wasYou")}</Text>
      <Button href={resetLink} style={button}>
        {t("signInLocked.button")}
      </Button>
      <Text {...rawLink}>
        <Link href={resetLink}>{resetLink}</Link>
      </Text>
      <Text style={text}>{t("signInLocked.wasntYou")}</Text>
    </EmailLayout>
  );
}

SignInLocked.subject = (props: SignInLockedProps) =>
  emailText(props.locale)("signInLocked.subject", { appName: props.appName });
SignInLocked.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  minutes: 15,
  resetLink: "http://localhost:3000/forgot-password?email=alice%40example.com",
} satisfies SignInLockedProps;
