import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshUser, postgresBin, startStack, waitUntil, type Stack } from "./stack";

// Graceful shutdown (issue 7): on SIGTERM the app stops claiming outbox rows, finishes the sends in flight,
// closes the pool and exits 0, so no row stays claimed ("sending" with a live lockedUntil) by a process
// that no longer exists; such a row would wait out its claim (two minutes) before anyone sends it.

const hasPostgres = Boolean(postgresBin());
if (!hasPostgres) console.warn("Skipping the SIGTERM test: no PostgreSQL server in /usr/lib/postgresql/*/bin");

const SMTP_DELAY_MS = 1_500;

/** A real SMTP server that takes SMTP_DELAY_MS to accept each message (a slow relay). */
async function startSlowSmtp() {
  const received: string[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () =>
        setTimeout(() => {
          received.push(...session.envelope.rcptTo.map((rcpt) => rcpt.address));
          callback();
        }, SMTP_DELAY_MS),
      );
    },
  });
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Row = { to: string; status: string; lockedUntil: Date | null; live: boolean };

describe.skipIf(!hasPostgres)("graceful shutdown on SIGTERM", () => {
  let stack: Stack;
  let smtp: Awaited<ReturnType<typeof startSlowSmtp>>;
  beforeAll(async () => {
    smtp = await startSlowSmtp();
    stack = await startStack({ smtpPort: smtp.port });
  });
  afterAll(async () => {
    await stack?.close();
    await smtp?.close();
  });

  it("finishes the send in flight, leaves no live claim and exits 0", async () => {
    const users = Array.from({ length: 4 }, () => freshUser("st"));
    for (const user of users) {
      expect((await stack.api("POST", "/api/registration", { json: user })).status).toBe(201);
    }
    const rows = async () =>
      (
        await stack.sql.query<Row>(
          `SELECT "to", status, "lockedUntil", coalesce("lockedUntil" > now(), false) AS live FROM "EmailOutbox"`,
        )
      ).rows;
    // Wait until the worker is in the middle of a send.
    await waitUntil("a claimed outbox row", async () => (await rows()).some((row) => row.status === "sending"), {
      intervalMs: 50,
    });

    const signalledAt = Date.now();
    stack.app.signal("SIGTERM");
    const exit = await Promise.race([stack.app.exited(), new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
    const tookMs = Date.now() - signalledAt;
    console.log(`SIGTERM: exit ${JSON.stringify(exit)} after ${tookMs} ms; ${smtp.received.length} emails delivered`);
    const after = await rows();
    console.log(after.map((row) => `${row.status}${row.live ? " (claimed)" : ""}`).join(", "));

    expect(exit).toEqual({ code: 0, signal: null });
    // The send in flight was allowed to finish, but not a whole queue of slow sends.
    expect(tookMs).toBeLessThan(SMTP_DELAY_MS * users.length + 5_000);
    expect(after.filter((row) => row.status === "sending" && row.live)).toEqual([]);
    // What was delivered is recorded as sent, and nothing is lost: the rest waits for the next process.
    const sent = after.filter((row) => row.status === "sent").map((row) => row.to);
    expect(sent.sort()).toEqual([...smtp.received].sort());
    expect(sent.length).toBeGreaterThan(0);
    expect(after.every((row) => row.status === "sent" || row.status === "pending")).toBe(true);
  });
});
