import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  App,
  freePort,
  freshUser,
  postgresBin,
  sleep,
  startStack,
  waitForEmails,
  type Reply,
  type Stack,
} from "./stack";

// A sign-up creates the user, the token and the outbox row together or not at all. Killing the app
// (SIGKILL: no shutdown code runs) in the middle of a burst of sign-ups must leave no half-made account,
// and every sign-up that was answered 201 must still get its confirmation email, once, after a restart.
//
// SMTP is down during the burst, so every email is still queued when the app dies and all of them go out
// from the restarted app. (With SMTP up, an email the killed process had handed to SMTP but not yet marked
// sent would be sent again by the next process: the outbox delivers at least once.)

const hasPostgres = Boolean(postgresBin());
if (!hasPostgres) console.warn("Skipping the SIGKILL test: no PostgreSQL server in /usr/lib/postgresql/*/bin");

describe.skipIf(!hasPostgres)("the app killed with SIGKILL in the middle of sign-ups", () => {
  let stack: Stack;
  let restarted: App | undefined;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await restarted?.stop();
    restarted?.destroy();
    await stack?.close();
  });

  it("leaves no half-made account, and every accepted sign-up gets one email after the restart", async () => {
    await stack.catcher.smtpDown();
    const users = Array.from({ length: 30 }, () => freshUser("sk"));
    const replies = new Map<string, Reply>();
    let next = 0;
    let killed = false;
    const client = async () => {
      while (next < users.length) {
        const user = users[next++];
        const reply = await stack.api("POST", "/api/registration", { json: user });
        replies.set(user.email, reply);
        // Partway through the burst, with other sign-ups in flight.
        if (!killed && [...replies.values()].filter((r) => r.status === 201).length >= 10) {
          killed = true;
          stack.app.signal("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, client));
    const statuses = [...replies.values()].map((reply) => reply.status);
    expect(killed, `the burst ended before 10 sign-ups were accepted: ${statuses}`).toBe(true);
    const exit = await stack.app.exited();
    expect(exit.signal).toBe("SIGKILL");
    // The whole process group is gone.
    expect(() => process.kill(-stack.app.pid!, 0)).toThrow();

    const accepted = users.filter((user) => replies.get(user.email)?.status === 201).map((user) => user.email);
    const cut = users.filter((user) => replies.get(user.email)?.status === 0);
    expect(accepted.length).toBeGreaterThanOrEqual(10);
    expect(cut.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 201 || status === 0)).toBe(true);
    console.log(`SIGKILL: ${accepted.length} sign-ups accepted, ${cut.length} cut off`);
    expect(stack.mail().length).toBe(0);

    // No half-made account: each user has its confirmation token and its queued email.
    const orphans = await stack.sql.query(`
      SELECT u.email FROM "User" u
       WHERE NOT EXISTS (SELECT 1 FROM "Token" t WHERE t."userId" = u.id AND t.purpose = 'confirm_email')
          OR NOT EXISTS (SELECT 1 FROM "EmailOutbox" o WHERE o."to" = u.email AND o.template = 'confirm-email')`);
    expect(orphans.rows).toEqual([]);
    const accounts = (await stack.sql.query<{ email: string }>(`SELECT email FROM "User"`)).rows.map((r) => r.email);
    for (const email of accepted) expect(accounts).toContain(email);
    const emails = await stack.sql.query<{ to: string }>(`SELECT "to" FROM "EmailOutbox"`);
    expect(emails.rows.map((row) => row.to).sort()).toEqual([...accounts].sort());

    // Restart on the same database; SMTP is back.
    await stack.catcher.smtpUp();
    restarted = new App({
      port: await freePort(),
      databaseUrl: stack.databaseUrl,
      smtpPort: stack.catcher.smtpPort,
    });
    await restarted.start();

    // Rows the killed process had claimed wait for their claim to expire. Nothing sets a bound; we hold
    // the outbox to two minutes after a restart (a reset link lives 30).
    await waitForEmails(stack, accounts, /^Confirm/, 120_000);
    await sleep(3_000);
    for (const email of accounts) {
      expect(stack.mail(email).map((message) => message.subject)).toEqual(["Confirm your email for Accounts"]);
    }
    const states = await stack.sql.query<{ status: string }>(`SELECT DISTINCT status FROM "EmailOutbox"`);
    expect(states.rows).toEqual([{ status: "sent" }]);
  });
});
