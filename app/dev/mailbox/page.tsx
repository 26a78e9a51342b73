import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { devMailboxEnabled, readDevMailbox } from "@/lib/email/dev-mailbox";

export const metadata: Metadata = { title: "Dev mailbox" };
export const dynamic = "force-dynamic";

export default function DevMailboxPage() {
  if (!devMailboxEnabled()) notFound();
  const messages = readDevMailbox();
  return (
    <div className="card wide">
      <h1>Dev mailbox</h1>
      <p className="muted">
        No SMTP server is configured, so every email the app sends lands here instead. Set <code>SMTP_URL</code> to send
        real mail.
      </p>
      {messages.length === 0 && <p>No messages yet. Sign up to receive one.</p>}
      {messages.map((message, index) => (
        <details className="mail" key={message.id} open={index === 0}>
          <summary>
            <strong>{message.subject}</strong> — to {message.to}{" "}
            <span className="muted">({new Date(message.sentAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC)</span>
          </summary>
          <div className="body">
            {message.links.length > 0 && (
              <>
                <h2>Links in this message</h2>
                <ul>
                  {message.links.map((link) => (
                    <li key={link}>
                      <a href={link}>{link}</a>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <iframe title={`Email: ${message.subject}`} srcDoc={message.html} sandbox="" />
          </div>
        </details>
      ))}
    </div>
  );
}
