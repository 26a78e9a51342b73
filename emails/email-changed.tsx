import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { durationText, emailText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type EmailChangedProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  newEmail: string;
  revertLink: string;
  /** How long the revert link works, in seconds. */
  validFor: number;
};

/** Sent to the previous address after an email change, with a way back if it was not the owner's doing. */
export default function EmailChanged({
  helpUrl,
  locale,
  appName,
  username,
  newEmail,
  revertLink,
  validFor,
}: EmailChangedProps) {
  const t = emailText(locale);
  return (
    <EmailLayout
      appName={appName}
      locale={locale}
      helpUrl={helpUrl}
      secureLink={revertLink}
      preview={t("emailChanged.subject", { appName })}
    >
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {t("emailChanged.heading")}
      </Heading>
      <Text style={text}>{t("emailChanged.body", { username, appName, newEmail })}</Text>
      <Text style={text}>{t("emailChanged.wasntYou", { validFor: durationText(locale, validFor) })}</Text>
      <Button href={revertLink} style={button}>
        {t("emailChanged.button")}
      </Button>
      <Text {...rawLink}>
        <Link href={revertLink}>{revertLink}</Link>
      </Text>
    </EmailLayout>
  );
}

EmailChanged.subject = (props: EmailChangedProps) =>
  emailText(props.locale)("emailChanged.subject", { appName: props.appName });
EmailChanged.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  newEmail: "alice@new.example",
  revertLink: "http://localhost:3000/email-change?token=example",
  validFor: 7 * 86400,
} satisfies EmailChangedProps;
