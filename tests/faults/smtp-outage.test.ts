import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  confirmedUser,
  freshUser,
  NEW_PASSWORD,
  postgresBin,
  sleep,
  startStack,
  tokenIn,
  waitUntil,
  type Stack,
} from "./stack";

// SMTP down at sign-up: the user gets the normal answer at once, and the email arrives once SMTP
// is back, exactly once. The app runs with OUTBOX_BACKOFF_BASE=1s and OUTBOX_POLL_INTERVAL=1s.

// lib/email/outbox.ts's REDACTED (importing lib/ would open the app's database client in the test process).
const REDACTED = "[redacted after delivery]";
const hasPostgres = Boolean(postgresBin());
if (!hasPostgres) console.warn("Skipping the SMTP outage test: no PostgreSQL server in /usr/lib/postgresql/*/bin");

type OutboxRow = {
  id: string;
  to: string;
  template: string;
  status: string;
  attempts: number;
  html: string;
  text: string;
  sentAt: Date | null;
  lockedUntil: Date | null;
  nextAttemptAt: Date;
  lastError: string | null;
};

describe.skipIf(!hasPostgres)("SMTP down during sign-ups and resets", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  const outbox = async (addresses: string[]) =>
    (await stack.sql.query<OutboxRow>(`SELECT * FROM "EmailOutbox" WHERE "to" = ANY($1)`, [addresses])).rows;

  it("answers at once while SMTP is down and delivers every email exactly once when it returns", async () => {
    // Accounts that can ask for a reset: confirmed while SMTP still works.
    const resetters = await Promise.all([1, 2, 3].map(() => confirmedUser(stack, "rs")));
    await stack.catcher.smtpDown();
    const caughtBefore = stack.mail().length;

    const newcomers = Array.from({ length: 10 }, () => freshUser("sd"));
    const signups = await Promise.all(newcomers.map((user) => stack.api("POST", "/api/registration", { json: user })));
    for (const reply of signups) {
      expect(reply.status, reply.body).toBe(201);
      // The answer never waits for SMTP (the transport's connection timeout alone is 10 s).
      expect(reply.ms).toBeLessThan(5_000);
    }
    const resets = await Promise.all(
      resetters.map((user) => stack.api("POST", "/api/reset", { json: { email: user.email } })),
    );
    for (const reply of resets) {
      expect(reply.status, reply.body).toBe(200);
      expect(reply.ms).toBeLessThan(5_000);
    }

    // The worker keeps trying while SMTP is down: every queued email fails at least twice and stays pending.
    const addresses = [...newcomers, ...resetters].map((user) => user.email);
    // (The resetters' confirmation emails went out before the outage; everything unsent was queued during it.)
    const queued = (rows: OutboxRow[]) => rows.filter((row) => !row.sentAt);
    const retrying = await waitUntil(
      "every queued email to be retried while SMTP is down",
      async () => {
        const rows = queued(await outbox(addresses));
        return rows.length === 13 && rows.every((row) => row.attempts >= 2 && row.status === "pending") && rows;
      },
      { timeoutMs: 30_000 },
    );
    for (const row of retrying) expect(row.lastError).toBeTruthy();
    expect(stack.mail().length).toBe(caughtBefore);

    // Each row is due again at its nextAttemptAt; the worker polls every second.
    const dueBy = Math.max(...retrying.map((row) => row.nextAttemptAt.getTime()));
    await stack.catcher.smtpUp();
    const upAt = Date.now();
    const deadline = Math.max(dueBy, upAt) + 1_000 + 5_000; // poll interval, and slack for a busy machine
    await waitUntil(
      "every email after SMTP returned",
      () =>
        newcomers.every((user) => stack.mail(user.email).length >= 1) &&
        resetters.every((user) => stack.mail(user.email).length >= 2),
      { timeoutMs: Math.max(deadline - Date.now(), 1_000), intervalMs: 100 },
    );
    const deliveredIn = Date.now() - upAt;
    console.log(`SMTP outage: ${addresses.length} emails delivered ${deliveredIn} ms after SMTP returned`);

    // Leave the worker a few polls in which a duplicate would show.
    await sleep(3_000);
    for (const user of newcomers) {
      const messages = stack.mail(user.email);
      expect(messages.map((message) => message.subject)).toEqual(["Confirm your email for Accounts"]);
    }
    for (const user of resetters) {
      const messages = stack.mail(user.email);
      expect(messages.map((message) => message.subject)).toEqual([
        "Confirm your email for Accounts",
        "Reset your Accounts password",
      ]);
    }

    const rows = await outbox(addresses);
    // One row per email and one email per row: nothing dropped, nothing sent twice.
    expect(rows.length).toBe(stack.mail().filter((message) => addresses.includes(message.to[0])).length);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "sent", html: REDACTED, text: REDACTED, lockedUntil: null });
      expect(row.sentAt).toBeInstanceOf(Date);
    }
    // The emails queued during the outage: two or more failed attempts, then the one that delivered.
    const outageIds = new Set(retrying.map((row) => row.id));
    for (const row of rows.filter((row) => outageIds.has(row.id))) expect(row.attempts).toBeGreaterThanOrEqual(3);

    // The link that waited out the outage still works.
    const resetter = resetters[0];
    const link = tokenIn(stack.mail(resetter.email)[1]);
    const reset = await stack.api("POST", "/api/reset_finalize", { bearer: link, json: { password: NEW_PASSWORD } });
    expect(reset.status, reset.body).toBe(200);
  });
});
