import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { emailText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type ProviderNotLinkedProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  provider: string;
  securityLink: string;
  resetLink: string;
};

/** Sent when a provider sign-in named this account's address: the identity was not connected to it. */
export default function ProviderNotLinked({
  helpUrl,
  locale,
  appName,
  username,
  provider,
  securityLink,
  resetLink,
}: ProviderNotLinkedProps) {
  const t = emailText(locale);
  return (
    <EmailLayout
      appName={appName}
      locale={locale}
      helpUrl={helpUrl}
      preview={t("providerNotLinked.subject", { appName, provider })}
    >
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("providerNotLinked.heading", { provider })}
      </Heading>
      <Text style={text}>
        {t.rich("providerNotLinked.body", {
          appName,
          provider,
          username,
          strong: (chunks) => <strong>{chunks}</strong>,
        })}
      </Text>
      <Text style={text}>{t("providerNotLinked.ifYou", { provider })}</Text>
      <Button href={securityLink} style={button}>
        {t("providerNotLinked.button")}
      </Button>
      <Text {...rawLink}>
        {t("providerNotLinked.securityLink")} <Link href={securityLink}>{securityLink}</Link>
      </Text>
      <Text style={text}>
        {t.rich("providerNotLinked.forgot", { link: (chunks) => <Link href={resetLink}>{chunks}</Link> })}
      </Text>
      <Text style={text}>{t("providerNotLinked.ignore")}</Text>
    </EmailLayout>
  );
}

ProviderNotLinked.subject = (props: ProviderNotLinkedProps) =>
  emailText(props.locale)("providerNotLinked.subject", { appName: props.appName, provider: props.provider });
ProviderNotLinked.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  provider: "GitHub",
  securityLink: "http://localhost:3000/account/security",
  resetLink: "http://localhost:3000/forgot-password",
} satisfies ProviderNotLinkedProps;
