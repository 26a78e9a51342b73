import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createElement } from "react";
import nodemailer, { type Transporter } from "nodemailer";
import { render, toPlainText } from "@react-email/render";
import { templates, type TemplateName, type TemplateProps } from "@/emails";
import { RAW_LINK_CLASS } from "@/emails/layout";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, type Tx } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { errorMessage, log } from "@/lib/platform/log";

// The email pipeline. enqueueEmail() writes an outbox row inside the caller's transaction, so an email
// exists exactly when the change that causes it was committed; drainOutbox() delivers pending rows with
// retries and exponential backoff. HTTP responses never wait for SMTP.

export const REDACTED = "[redacted after delivery]";
// A claim must outlast the slowest send (up to ~40 s of SMTP timeouts, below), or another instance could
// claim and send the row again; short enough that a dead sender's row goes out again within a minute.
const CLAIM_SECONDS = 60;

export type OutgoingEmail = { to: string; subject: string; html: string; text: string };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

// The plain-text part, derived from the HTML: headings in sentence case, each link once, after the words
// that say what it is for ("Confirm my email: https://…"), and without the "Or paste this link" paragraph
// under a button, which would give the same address a second time.
type TextBuilder = {
  pushWordTransform: (transform: (word: string) => string) => void;
  popWordTransform: () => void;
  addInline: (text: string, options?: { noWordTransform?: boolean }) => void;
};
type AnchorNode = { attribs?: { href?: string }; children: unknown[] };

/** A link as "words: address" (html-to-text writes "words address"), or the address alone as its own words. */
function linkAfterColon(elem: AnchorNode, walk: (nodes: unknown[], builder: TextBuilder) => void, builder: TextBuilder) {
  const href = elem.attribs?.href?.replace(/^mailto:/, "") ?? "";
  let words = "";
  builder.pushWordTransform((word) => {
    words += word;
    return word;
  });
  walk(elem.children, builder);
  builder.popWordTransform();
  if (href && href !== words) builder.addInline(words ? `: ${href}` : href, { noWordTransform: true });
}

const PLAIN_TEXT = {
  formatters: { linkAfterColon },
  selectors: [
    { selector: "h1", options: { uppercase: false } },
    { selector: "a", format: "linkAfterColon" },
    { selector: `p.${RAW_LINK_CLASS}`, format: "skip" },
  ],
};

/** Renders a template with the site's help address (HELP_URL, read when the email is sent) in its footer. */
export async function renderEmail<N extends TemplateName>(
  name: N,
  templateProps: TemplateProps<N>,
  { helpUrl = env.HELP_URL }: { helpUrl?: string } = {},
) {
  const props: TemplateProps<N> = { ...templateProps, helpUrl };
  const Template = templates[name] as unknown as ((p: TemplateProps<N>) => React.ReactElement) & {
    subject: (p: TemplateProps<N>) => string;
  };
  const element = createElement(Template, props);
  const subject = Template.subject(props);
  const html = await render(element);
  // From the same HTML: render's own plainText option would render the template a second time (twice the CPU).
  const text = toPlainText(html, PLAIN_TEXT);
  // The subject is the document's title (mail clients that show HTML in a browser, screen readers).
  return { subject, html: html.replace("<head>", `<head><title>${escapeHtml(subject)}</title>`), text };
}

export type RenderedEmail = Awaited<ReturnType<typeof renderEmail>>;

/** Queues an email in the caller's transaction. Call wakeOutbox() after the transaction commits. */
export async function enqueueEmail<N extends TemplateName>(tx: Tx, to: string, template: N, props: TemplateProps<N>) {
  await tx.$executeRaw(outboxInsert(to, template, await renderEmail(template, props)));
}

/**
 * The INSERT of a queued email. enqueueEmail renders and runs it; a sign-up renders its email before its
 * transaction (while the password hash runs) and sends this in one statement with its other writes. Call
 * wakeOutbox() after the transaction commits.
 */
export function outboxInsert(to: string, template: TemplateName, { subject, html, text }: RenderedEmail): Prisma.Sql {
  // Status, attempts and the first try's time are the table's defaults (pending, 0, now).
  return Prisma.sql`
    INSERT INTO "EmailOutbox" (id, "to", subject, template, html, text, "updatedAt")
    VALUES (${crypto.randomUUID()}::uuid, ${to}, ${subject}, ${template}, ${html}, ${text}, ${new Date()})`;
}

// ---- Delivery ------------------------------------------------------------------------------------------

export type Transport = (email: OutgoingEmail) => Promise<void>;

const smtpPool = new Map<string, Transporter>();
/** Emails the in-process worker sends at once. */
const OUTBOX_SENDERS = 4;

/** Sends through the SMTP server at `smtpUrl` (smtp:// or smtps://user:pass@host:port). */
export function smtpTransport(smtpUrl: string): Transport {
  let transporter = smtpPool.get(smtpUrl);
  if (!transporter) {
    const url = new URL(smtpUrl);
    // Timeouts keep a hung SMTP server from holding a claimed batch for long.
    transporter = nodemailer.createTransport({
      host: url.hostname,
      port: Number(url.port) || (url.protocol === "smtps:" ? 465 : 587),
      secure: url.protocol === "smtps:",
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      // One reused connection instead of a new one (and a new greeting) per message.
      pool: true,
      // One connection per sender of the worker (below), so parallel sends do not queue for one socket.
      maxConnections: OUTBOX_SENDERS,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    smtpPool.set(smtpUrl, transporter);
  }
  return async (email) => {
    await transporter.sendMail({ from: env.MAIL_FROM, ...email });
  };
}

export const DEV_MAILBOX_DIR = path.join(env.DATA_DIR, "mailbox");

// With no SMTP_URL (never in production) "sending" writes the message to ./data/mailbox for /dev/mailbox,
// and prints its links so a developer can click them from the terminal.
const devMailboxTransport: Transport = async (email) => {
  fs.mkdirSync(DEV_MAILBOX_DIR, { recursive: true });
  const file = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`;
  fs.writeFileSync(path.join(DEV_MAILBOX_DIR, file), JSON.stringify({ ...email, sentAt: new Date().toISOString() }));
  log.info("dev mailbox: email delivered", { to: email.to, subject: email.subject, links: extractLinks(email.text) });
};

export function extractLinks(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [])];
}

let transport: Transport | undefined;
function defaultTransport(): Transport {
  transport ??= env.SMTP_URL ? smtpTransport(env.SMTP_URL) : devMailboxTransport;
  return transport;
}

type Claimed = { id: string; to: string; subject: string; html: string; text: string; attempts: number };

export type DrainOptions = {
  limit?: number;
  transport?: Transport;
  maxAttempts?: number;
  backoffSeconds?: number;
  /** Asked before each claim: false stops the round (a shutdown finishes the send in flight, claims no more). */
  keepGoing?: () => boolean;
};

/** Exponential backoff with a little jitter, capped at an hour. */
export function backoffSeconds(attempt: number, base = env.OUTBOX_BACKOFF_BASE): number {
  const delay = Math.min(base * 2 ** (attempt - 1), 3600);
  return delay * (0.9 + Math.random() * 0.2);
}

/**
 * Sends up to `limit` due messages, oldest first. Each is claimed on its own with one UPDATE … FOR UPDATE
 * SKIP LOCKED, so two instances never send the same row, and a row whose sender died is claimable again
 * once its short claim expires. Returns how many were sent and how many failed for good this round.
 */
export async function drainOutbox(options: DrainOptions = {}): Promise<{ sent: number; failed: number }> {
  const { limit = 20, maxAttempts = env.OUTBOX_MAX_ATTEMPTS, backoffSeconds: base = env.OUTBOX_BACKOFF_BASE } = options;
  const send = options.transport ?? defaultTransport();
  let sent = 0;
  let failed = 0;
  for (let count = 0; count < limit && (options.keepGoing?.() ?? true); count++) {
    const [message] = await db.$queryRaw<Claimed[]>`
      UPDATE "EmailOutbox"
         SET status = 'sending', attempts = attempts + 1, "updatedAt" = now(),
             "lockedUntil" = now() + make_interval(secs => ${CLAIM_SECONDS})
       WHERE id = (
         SELECT id FROM "EmailOutbox"
          WHERE (status = 'pending' AND "nextAttemptAt" <= now())
             OR (status = 'sending' AND "lockedUntil" < now())
          ORDER BY "nextAttemptAt", "createdAt"
          LIMIT 1
          FOR UPDATE SKIP LOCKED)
      RETURNING id, "to", subject, html, text, attempts`;
    if (!message) break;

    let failure: unknown = null;
    try {
      await send({ to: message.to, subject: message.subject, html: message.html, text: message.text });
    } catch (error) {
      failure = error;
    }
    if (failure === null) {
      await markSent(message.id);
      sent++;
      continue;
    }
    const finalAttempt = message.attempts >= maxAttempts;
    await db.emailOutbox.update({
      where: { id: message.id },
      data: {
        status: finalAttempt ? "failed" : "pending",
        lockedUntil: null,
        lastError: errorMessage(failure).slice(0, 500),
        nextAttemptAt: new Date(Date.now() + backoffSeconds(message.attempts, base) * 1000),
      },
    });
    const fields = { id: message.id, attempts: message.attempts, error: errorMessage(failure) };
    if (finalAttempt) {
      failed++;
      log.error("email failed for good", { ...fields, to: message.to });
    } else {
      log.warn("email delivery failed; will retry", fields);
    }
  }
  return { sent, failed };
}

/**
 * Records a delivery. SMTP has accepted the message, so a database hiccup here must not count as a failed
 * send (that would send it again): the update is retried for a while before giving up.
 */
async function markSent(id: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      // The body may carry a raw token; once delivered it has no reason to stay in the database.
      await db.emailOutbox.update({
        where: { id },
        data: {
          status: "sent",
          sentAt: new Date(),
          lockedUntil: null,
          lastError: null,
          html: REDACTED,
          text: REDACTED,
        },
      });
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

// ---- The in-process worker (containers and `next start`; serverless hosts use /api/cron/outbox) ----------

type Worker = { timer?: NodeJS.Timeout; running?: Promise<void>; again: boolean; stopped: boolean };
const worker = ((globalThis as { __outboxWorker?: Worker }).__outboxWorker ??= { again: false, stopped: true });

/** Keeps draining while full batches come back, so a burst does not wait for the next poll. */
async function drainLoop() {
  try {
    while (!worker.stopped && (await drainOutbox({ keepGoing: () => !worker.stopped })).sent >= 20);
  } catch (error) {
    log.error("outbox drain failed", { error: errorMessage(error) });
  }
}

async function runWorker() {
  do {
    worker.again = false;
    // Several senders side by side (each claim is its own row, SKIP LOCKED): one send's round trips (claim,
    // SMTP dialogue, mark sent) wait on a busy event loop and database under load, and one sender at a time
    // let a queue of confirmations build up behind them (tens of seconds at the soak's load).
    await Promise.all(Array.from({ length: OUTBOX_SENDERS }, drainLoop));
  } while (worker.again && !worker.stopped);
  worker.running = undefined;
}

/** Starts draining now; if a drain is running, it goes round once more. */
export function wakeOutbox() {
  if (worker.stopped) return;
  if (worker.running) worker.again = true;
  else worker.running = runWorker();
}

export function startOutboxWorker() {
  if (!worker.stopped) return;
  worker.stopped = false;
  worker.timer = setInterval(wakeOutbox, env.OUTBOX_POLL_INTERVAL * 1000);
  worker.timer.unref();
  wakeOutbox();
}

/** Stops claiming new messages and waits for the sends in flight. */
export async function stopOutboxWorker() {
  worker.stopped = true;
  clearInterval(worker.timer);
  await worker.running;
  for (const transporter of smtpPool.values()) transporter.close();
}
