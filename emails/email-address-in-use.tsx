import { Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { emailText } from "./i18n";
import { EmailLayout, type EmailFrame, text } from "./layout";

export type EmailAddressInUseProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  resetLink: string;
};

/**
 * Sent instead of a confirmation link when someone asks to move another account to an address that already
 * belongs to an account (or that an account may still take back), so the asker learns nothing from the answer.
 */
export default function EmailAddressInUse({ helpUrl, locale, appName, username, resetLink }: EmailAddressInUseProps) {
  const t = emailText(locale);
  const strong = (chunks: React.ReactNode) => <strong>{chunks}</strong>;
  return (
    <EmailLayout appName={appName} locale={locale} helpUrl={helpUrl} preview={t("addressInUse.subject", { appName })}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("addressInUse.heading")}
      </Heading>
      <Text style={text}>{t.rich("addressInUse.body", { appName, username, strong })}</Text>
      <Text style={text}>
        {t.rich("addressInUse.wasYou", {
          username,
          strong,
          link: (chunks) => <Link href={resetLink}>{chunks}</Link>,
        })}
      </Text>
      <Text style={text}>{t("addressInUse.ignore")}</Text>
    </EmailLayout>
  );
}

EmailAddressInUse.subject = (props: EmailAddressInUseProps) =>
  emailText(props.locale)("addressInUse.subject", { appName: props.appName });
EmailAddressInUse.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  resetLink: "http://localhost:3000/forgot-password",
} satisfies EmailAddressInUseProps;
