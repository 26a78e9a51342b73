import { Button, Link, Text } from "@react-email/components";
import type { Locale } from "@/lib/shared/locales";
import { emailText } from "./i18n";
import { EmailLayout, type EmailFrame, button, rawLink, text } from "./layout";

export type TestEmailProps = EmailFrame & { locale: Locale; appName: string; link: string };

/** Proves the pipeline end to end (operators can send one from the CLI). */
export default function TestEmail({ helpUrl, locale, appName, link }: TestEmailProps) {
  const t = emailText(locale);
  return (
    <EmailLayout appName={appName} locale={locale} helpUrl={helpUrl} preview={t("test.preview")}>
      <Text style={text}>{t("test.body")}</Text>
      <Button href={link} style={button}>
        {t("test.button", { appName })}
      </Button>
      <Text {...rawLink}>
        {t("pasteLink")} <Link href={link}>{link}</Link>
      </Text>
    </EmailLayout>
  );
}

TestEmail.subject = (props: TestEmailProps) => emailText(props.locale)("test.subject", { appName: props.appName });
TestEmail.PreviewProps = { locale: "en", appName: "Accounts", link: "http://localhost:3000/" } satisfies TestEmailProps;
