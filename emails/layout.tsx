import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { Locale } from "@/lib/shared/locales";
import { emailText } from "./i18n";

/** What every template takes besides its own props: the renderer (lib/email/outbox.ts) adds it at send time. */
export type EmailFrame = {
  /** Where readers get help (HELP_URL: a page or a mailto: address); no help line when unset. */
  helpUrl?: string;
};

// The frame every message shares: the site name on top, the content, a footer saying why it was sent.
// A security notice (`secureLink` given) ends with what to do if the change was not yours; only messages
// that change nothing by themselves say they can be ignored. With a help address configured, every message
// ends with it.
export function EmailLayout({
  appName,
  locale,
  preview,
  secureLink,
  helpUrl,
  children,
}: EmailFrame & {
  appName: string;
  locale: Locale;
  preview: string;
  secureLink?: string;
  children: ReactNode;
}) {
  const t = emailText(locale);
  return (
    <Html lang={locale}>
      <Head>
        {/* Links in text: the accessible blue, underlined (the button keeps its own style). */}
        <style>{"p a { color: #1d4ed8 !important; text-decoration: underline !important; }"}</style>
      </Head>
      <Preview>{preview}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Text style={brand}>{appName}</Text>
          <Section>{children}</Section>
          <Hr style={rule} />
          {secureLink ? (
            <Text style={footer}>
              {t.rich("securityFooter", {
                appName,
                link: (chunks) => (
                  <Link href={secureLink} style={footerLink}>
                    {chunks}
                  </Link>
                ),
              })}
            </Text>
          ) : (
            <Text style={footer}>{t("footer", { appName })}</Text>
          )}
          {helpUrl && (
            <Text style={footer}>
              {t.rich("helpFooter", {
                link: (chunks) => (
                  <Link href={helpUrl} style={footerLink}>
                    {chunks}
                  </Link>
                ),
              })}
            </Text>
          )}
        </Container>
      </Body>
    </Html>
  );
}

export const text = { fontSize: "15px", lineHeight: "24px", color: "#1f2937" } as const;
export const button = {
  backgroundColor: "#1d4ed8",
  borderRadius: "6px",
  color: "#ffffff",
  fontSize: "15px",
  fontWeight: 600,
  padding: "12px 20px",
  textDecoration: "none",
  display: "inline-block",
} as const;
/**
 * The props of the "Or paste this link" paragraph under a button. The plain-text part leaves it out (its
 * class, RAW_LINK_CLASS): there the button already reads "words: address" (lib/email/outbox renderEmail).
 */
export const RAW_LINK_CLASS = "raw-link";
export const rawLink = {
  className: RAW_LINK_CLASS,
  style: { fontSize: "13px", color: "#374151", wordBreak: "break-all" },
} as const;
const footerLink = { color: "#1d4ed8", textDecoration: "underline" } as const;

const body = { backgroundColor: "#f3f4f6", fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif" };
const container = {
  backgroundColor: "#ffffff",
  margin: "24px auto",
  padding: "24px 32px",
  maxWidth: "560px",
  borderRadius: "8px",
};
const brand = { fontSize: "18px", fontWeight: 700, color: "#111827" };
const rule = { borderColor: "#e5e7eb", margin: "24px 0" };
const footer = { fontSize: "12px", lineHeight: "18px", color: "#4b5563" };
