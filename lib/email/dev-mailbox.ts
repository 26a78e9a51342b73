import "server-only";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/platform/env";
import { DEV_MAILBOX_DIR, extractLinks } from "@/lib/email/outbox";

export type MailboxMessage = {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  sentAt: string;
  links: string[];
};

/** The dev mailbox exists only when no SMTP server is configured, and never in production. */
export function devMailboxEnabled(): boolean {
  return env.devMailbox && !env.production;
}

/** Messages "sent" to the dev mailbox, newest first. */
export function readDevMailbox(limit = 50): MailboxMessage[] {
  if (!devMailboxEnabled() || !fs.existsSync(DEV_MAILBOX_DIR)) return [];
  return fs
    .readdirSync(DEV_MAILBOX_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .reverse()
    .slice(0, limit)
    .map((name) => {
      const message = JSON.parse(fs.readFileSync(path.join(DEV_MAILBOX_DIR, name), "utf8"));
      return { id: name.replace(/\.json$/, ""), ...message, links: extractLinks(message.text) };
    });
}
