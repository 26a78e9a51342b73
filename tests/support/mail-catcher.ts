import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

// A real SMTP server for tests (Debian ships no mail catcher). Messages are parsed and served as JSON:
//   GET  /messages?to=addr   the messages received for an address (all when `to` is absent), oldest first
//   POST /smtp/down          stop accepting mail (connections are refused), to simulate an outage
//   POST /smtp/up            accept mail again
// Run standalone with `tsx tests/support/mail-catcher.ts` (SMTP_PORT, HTTP_PORT) or import startMailCatcher().

export type CaughtMessage = {
  id: number;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  receivedAt: string;
};

export async function startMailCatcher({ smtpPort = 0, httpPort = 0 } = {}) {
  const messages: CaughtMessage[] = [];
  let nextId = 1;

  const createSmtp = () =>
    new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            messages.push({
              id: nextId++,
              from: mail.from?.text ?? "",
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              receivedAt: new Date().toISOString(),
            });
            callback();
          })
          .catch(callback);
      },
    });

  let smtp: SMTPServer | undefined;
  let boundSmtpPort = smtpPort;
  // Both are idempotent: bringing up a running server (or down a stopped one) does nothing.
  const smtpUp = () =>
    new Promise<void>((resolve, reject) => {
      if (smtp) return resolve();
      smtp = createSmtp();
      smtp.on("error", () => {});
      smtp.server.once("error", reject);
      smtp.listen(boundSmtpPort, "127.0.0.1", () => {
        boundSmtpPort = (smtp!.server.address() as AddressInfo).port;
        resolve();
      });
    });
  const smtpDown = () =>
    new Promise<void>((resolve) => {
      const closing = smtp;
      smtp = undefined;
      if (closing) closing.close(() => resolve());
      else resolve();
    });
  await smtpUp();

  const api = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method === "GET" && url.pathname === "/messages") {
      const to = url.searchParams.get("to")?.toLowerCase();
      return reply(200, to ? messages.filter((message) => message.to.includes(to)) : messages);
    }
    if (request.method === "GET" && url.pathname === "/health") return reply(200, { ok: true });
    if (request.method === "POST" && url.pathname === "/smtp/down")
      return smtpDown().then(() => reply(200, { up: false }));
    if (request.method === "POST" && url.pathname === "/smtp/up") return smtpUp().then(() => reply(200, { up: true }));
    reply(404, { message: "not found" });
  });
  await new Promise<void>((resolve) => api.listen(httpPort, "127.0.0.1", resolve));

  return {
    smtpPort: boundSmtpPort,
    httpUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
    messages,
    smtpDown,
    smtpUp,
    async close() {
      await smtpDown();
      await new Promise<void>((resolve) => api.close(() => resolve()));
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const catcher = await startMailCatcher({
    smtpPort: Number(process.env.SMTP_PORT ?? 2525),
    httpPort: Number(process.env.HTTP_PORT ?? 3199),
  });
  console.log(`mail catcher: SMTP on 127.0.0.1:${catcher.smtpPort}, messages at ${catcher.httpUrl}/messages`);
}
