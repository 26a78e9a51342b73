import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { emailText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type AlreadyRegisteredProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  loginLink: string;
  resetLink: string;
};

/** Sent instead of a second account when someone signs up with an address that already has one. */
export default function AlreadyRegistered({
  helpUrl,
  locale,
  appName,
  username,
  loginLink,
  resetLink,
}: AlreadyRegisteredProps) {
  const t = emailText(locale);
  return (
    <EmailLayout
      appName={appName}
      locale={locale}
      helpUrl={helpUrl}
      preview={t("alreadyRegistered.subject", { appName })}
    >
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("alreadyRegistered.heading")}
      </Heading>
      <Text style={text}>
        {t.rich("alreadyRegistered.body", { appName, username, strong: (chunks) => <strong>{chunks}</strong> })}
      </Text>
      <Button href={loginLink} style={button}>
        {t("alreadyRegistered.button")}
      </Button>
      <Text {...rawLink}>
        {t("alreadyRegistered.signInLink")} <Link href={loginLink}>{loginLink}</Link>
      </Text>
      <Text style={text}>
        {t.rich("alreadyRegistered.forgot", { link: (chunks) => <Link href={resetLink}>{chunks}</Link> })}
      </Text>
      <Text style={text}>{t("alreadyRegistered.ignore")}</Text>
    </EmailLayout>
  );
}

AlreadyRegistered.subject = (props: AlreadyRegisteredProps) =>
  emailText(props.locale)("alreadyRegistered.subject", { appName: props.appName });
AlreadyRegistered.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  loginLink: "http://localhost:3000/login",
  resetLink: "http://localhost:3000/forgot-password",
} satisfies AlreadyRegisteredProps;
