import { Button, Heading, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { dateTimeText, emailText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type SecurityNoticeKind =
  | "two_factor_on"
  | "two_factor_off"
  | "recovery_code_used"
  | "passkey_added"
  | "passkey_removed"
  | "browser_remembered";

export type SecurityNoticeProps = EmailFrame & {
  locale: Locale;
  appName: string;
  username: string;
  kind: SecurityNoticeKind;
  when: Date;
  /** "Chrome on Linux": where it happened, already in the reader's language. */
  device: string;
  securityLink: string;
  /** Recovery codes still unused (recovery_code_used). */
  recoveryCodesLeft?: number;
  passkeyName?: string;
  /** Set when an administrator did it, not the user. */
  byOperator?: boolean;
};

function explanation(t: ReturnType<typeof emailText>, props: SecurityNoticeProps): string {
  switch (props.kind) {
    case "two_factor_on":
      return t("securityNotice.body_two_factor_on");
    case "two_factor_off":
      return props.byOperator
        ? t("securityNotice.body_two_factor_off_operator")
        : t("securityNotice.body_two_factor_off");
    case "recovery_code_used":
      return t("securityNotice.body_recovery_code_used", { count: props.recoveryCodesLeft ?? 0 });
    case "passkey_added":
      return t("securityNotice.body_passkey_added", { name: props.passkeyName ?? "" });
    case "passkey_removed":
      return t("securityNotice.body_passkey_removed", { name: props.passkeyName ?? "" });
    case "browser_remembered":
      return t("securityNotice.body_browser_remembered");
  }
}

/** One notice per security change, so nothing about how the account is protected changes unnoticed. */
export default function SecurityNotice(props: SecurityNoticeProps) {
  const { locale, appName, username, when, device, securityLink } = props;
  const t = emailText(locale);
  const heading = t(`securityNotice.heading_${props.kind}`);
  return (
    <EmailLayout appName={appName} locale={locale} helpUrl={props.helpUrl} preview={heading}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {heading}
      </Heading>
      <Text style={text}>{t("greeting", { username })}</Text>
      <Text style={text}>{explanation(t, props)}</Text>
      <Text style={text}>{t("securityNotice.whenFrom", { when: dateTimeText(locale, when), device })}</Text>
      <Text style={text}>{t("securityNotice.wasntYou")}</Text>
      <Button href={securityLink} style={button}>
        {t("securityNotice.button")}
      </Button>
      <Text {...rawLink}>
        <Link href={securityLink}>{securityLink}</Link>
      </Text>
    </EmailLayout>
  );
}

SecurityNotice.subject = (props: SecurityNoticeProps) =>
  emailText(props.locale)(`securityNotice.subject_${props.kind}`, { appName: props.appName });
SecurityNotice.PreviewProps = {
  locale: "en",
  appName: "Accounts",
  username: "alice",
  kind: "recovery_code_used",
  when: new Date("2026-12-01T10:42:00Z"),
  device: "Firefox on Linux",
  securityLink: "http://localhost:3000/account/security",
  recoveryCodesLeft: 9,
} satisfies SecurityNoticeProps;
