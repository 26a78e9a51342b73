import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { devMailboxEnabled, readDevMailbox } from "@/lib/email/dev-mailbox";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("DevMailbox"))("title") };
}
export const dynamic = "force-dynamic";

export default async function DevMailboxPage() {
  if (!devMailboxEnabled()) notFound();
  const messages = readDevMailbox();
  const [t, locale] = await Promise.all([getTranslations("DevMailbox"), getLocale()]);
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
  return (
    <div className="card wide">
      <h1>{t("title")}</h1>
      <p className="muted">{t.rich("intro", { code: (chunks) => <code>{chunks}</code> })}</p>
      {messages.length === 0 && <p>{t("empty")}</p>}
      {messages.map((message, index) => (
        <details className="mail" key={message.id} open={index === 0}>
          <summary>
            <strong>{message.subject}</strong> — {t("to", { to: message.to })}{" "}
            <span className="muted">({when.format(new Date(message.sentAt))} UTC)</span>
          </summary>
          <div className="body">
            {message.links.length > 0 && (
              <>
                <h2>{t("links")}</h2>
                <ul>
                  {message.links.map((link) => (
                    <li key={link}>
                      <a href={link}>{link}</a>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <iframe title={t("frameTitle", { subject: message.subject })} srcDoc={message.html} sandbox="" />
          </div>
        </details>
      ))}
    </div>
  );
}
