import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { dateTimeText, emailText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type AccountDeletionScheduledProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  /** When the account and its data are removed, unless a sign-in comes first. */
  dueAt: Date;
  signInLink: string;
};

/** Sent when an account is deleted: it is removed after a grace period, and signing in before then keeps it. */
export default function AccountDeletionScheduled({
  helpUrl,
  locale,
  appName,
  username,
  dueAt,
  signInLink,
}: AccountDeletionScheduledProps) {
  const t = emailText(locale);
  return (
    <EmailLayout
      appName={appName}
      locale={locale}
      helpUrl={helpUrl}
      secureLink={signInLink}
      preview={t("accountDeletion.preview")}
    >
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("accountDeletion.heading")}
      </Heading>
      <Text style={text}>{t("greeting", { username })}</Text>
      <Text style={text}>{t("accountDeletion.body", { appName, when: dateTimeText(locale, dueAt) })}</Text>
      <Text style={text}>{t("accountDeletion.signedOut")}</Text>
      <Text style={text}>{t("accountDeletion.cancel", { when: dateTimeText(locale, dueAt) })}</Text>
      <Button href={signInLink} style={button}>
        {t("accountDeletion.button")}
      </Button>
      <Text {...rawLink}>
        <Link href={signInLink}>{signInLink}</Link>
      </Text>
    </EmailLayout>
  );
}

AccountDeletionScheduled.subject = (props: AccountDeletionScheduledProps) =>
  emailText(props.locale)("accountDeletion.subject", { appName: props.appName });
AccountDeletionScheduled.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  dueAt: new Date("2026-12-08T21:12:00Z"),
  signInLink: "http://localhost:3000/login",
} satisfies AccountDeletionScheduledProps;
