import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  confirmedUser,
  freshUser,
  LEAK,
  NEW_PASSWORD,
  parseJson,
  PASSWORD,
  postgresBin,
  sleep,
  startStack,
  tokenIn,
  waitForEmails,
  waitUntil,
  type Reply,
  type Stack,
} from "./stack";

// A request during a database outage gets a 503 (JSON {message} from the API), never a 500 or a
// stack trace; the app recovers on its own when the database returns; and since a sign-up and a reset each
// run in one transaction, the outage leaves no account without its token and email, and no reset token
// consumed without its password change.

const hasPostgres = Boolean(postgresBin());
if (!hasPostgres)
  console.warn("Skipping the PostgreSQL restart test: no PostgreSQL server in /usr/lib/postgresql/*/bin");

const RECOVERY_BOUND_MS = 120_000;
const EXPECTED = new Set([200, 201, 400, 401, 403, 409, 429, 503]);

describe.skipIf(!hasPostgres)("PostgreSQL restarted while requests are in flight", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("answers 503 during the outage, serves again on its own, and keeps every invariant", async () => {
    // One account per client (parallel sign-ins of one account are a concurrency matter, not this test's).
    const members = await Promise.all([1, 2, 3, 4, 5, 6].map(() => confirmedUser(stack, "pm")));
    const spare = await confirmedUser(stack, "pm");
    // Accounts with a reset link in hand; the reset is submitted while the database goes away.
    const resetters = await Promise.all([1, 2, 3].map(() => confirmedUser(stack, "pr")));
    await Promise.all(resetters.map((user) => stack.api("POST", "/api/reset", { json: { email: user.email } })));
    const resetTokens = await Promise.all(
      resetters.map((user) =>
        waitUntil(`the reset email for ${user.email}`, () => {
          const message = stack.mail(user.email).find((mail) => mail.subject.startsWith("Reset"));
          return message && tokenIn(message);
        }),
      ),
    );
    const hashesBefore = new Map(
      (
        await stack.sql.query<{ email: string; passwordHash: string }>(
          `SELECT email, "passwordHash" FROM "User" WHERE email = ANY($1)`,
          [resetters.map((user) => user.email)],
        )
      ).rows.map((row) => [row.email, row.passwordHash]),
    );

    // Six clients in a loop: sign-ups, sign-ins, protected reads and (once each) reset submissions.
    const replies: Reply[] = [];
    const resetReplies = new Map<string, Reply[]>();
    const resetDone = new Set<string>();
    const signedUp: string[] = [];
    let running = true;
    let turn = 0;
    const client = async (member: (typeof members)[number]) => {
      while (running) {
        const n = turn++;
        let reply: Reply;
        if (n % 4 === 0) {
          const user = freshUser("pl");
          reply = await stack.api("POST", "/api/registration", { json: user });
          if (reply.status === 201) signedUp.push(user.email);
        } else if (n % 4 === 1) {
          reply = await stack.api("POST", "/api/login", { json: { username: member.username, password: PASSWORD } });
        } else if (n % 8 === 2 && resetDone.size < resetters.length) {
          const index = resetters.findIndex((user) => !resetDone.has(user.email));
          const user = resetters[index];
          reply = await stack.api("POST", "/api/reset_finalize", {
            bearer: resetTokens[index],
            json: { password: NEW_PASSWORD },
          });
          resetReplies.set(user.email, [...(resetReplies.get(user.email) ?? []), reply]);
          // Retried while the database is away, as a user would.
          if (reply.status !== 503) resetDone.add(user.email);
        } else {
          reply = await stack.api("GET", "/api/protected", { bearer: member.accessToken });
        }
        replies.push(reply);
      }
    };
    const clients = members.map(client);

    await sleep(2_000);
    const stoppedAt = Date.now();
    stack.postgres.stop();
    await sleep(3_000);
    stack.postgres.resume();
    const resumedAt = Date.now();
    const healthy = await waitUntil(
      "/api/health to answer 200",
      async () => (await stack.api("GET", "/api/health")).status === 200 && Date.now(),
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    console.log(
      `PostgreSQL restart: down ${resumedAt - stoppedAt} ms, healthy ${healthy - resumedAt} ms after it returned`,
    );
    await sleep(3_000);
    running = false;
    await Promise.all(clients);

    // Every answer was well formed: no dropped connection, no 500, no stack trace, 503s as JSON.
    expect(replies.length).toBeGreaterThan(50);
    const statuses = replies.map((reply) => reply.status);
    expect(
      statuses.filter((status) => !EXPECTED.has(status)),
      JSON.stringify(replies.filter((r) => !EXPECTED.has(r.status)).slice(0, 3)),
    ).toEqual([]);
    for (const reply of replies) {
      expect(reply.body, `${reply.method} ${reply.path}`).not.toMatch(LEAK);
      expect(reply.contentType).toContain("application/json");
      expect(typeof parseJson(reply)?.message === "string" || reply.status < 300).toBe(true);
    }
    const unavailable = replies.filter((reply) => reply.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    // Nothing fails once the database is back (requests that started after the health check passed).
    const afterwards = replies.filter((reply) => reply.startedAt > healthy + 500);
    expect(afterwards.length).toBeGreaterThan(0);
    expect(afterwards.filter((reply) => reply.status >= 500)).toEqual([]);
    expect(resetDone.size).toBe(resetters.length);

    // New work succeeds.
    const late = freshUser("pa");
    expect((await stack.api("POST", "/api/registration", { json: late })).status).toBe(201);
    const login = await stack.api("POST", "/api/login", {
      json: { username: spare.username, password: PASSWORD },
    });
    expect(login.status).toBe(200);
    const token = String(parseJson(login)!.access_token);
    expect((await stack.api("GET", "/api/protected", { bearer: token })).status).toBe(200);

    // Invariant: no account without its confirmation token and its queued email.
    const orphans = await stack.sql.query(`
      SELECT u.email FROM "User" u
       WHERE NOT EXISTS (SELECT 1 FROM "Token" t WHERE t."userId" = u.id AND t.purpose = 'confirm_email')
          OR NOT EXISTS (SELECT 1 FROM "EmailOutbox" o WHERE o."to" = u.email AND o.template = 'confirm-email')`);
    expect(orphans.rows).toEqual([]);
    const accounts = await stack.sql.query<{ email: string }>(`SELECT email FROM "User"`);
    const emails = new Set(accounts.rows.map((row) => row.email));
    for (const email of [...signedUp, late.email]) expect(emails.has(email), email).toBe(true);

    // Invariant: a reset token is used exactly when its password changed (and the change was recorded).
    const after = await stack.sql.query<{ email: string; passwordHash: string; used: boolean; resets: number }>(
      `SELECT u.email, u."passwordHash",
              bool_and(t."usedAt" IS NOT NULL) AS used,
              (SELECT count(*)::int FROM "AuditEvent" a WHERE a."userId" = u.id AND a.type = 'password_reset') AS resets
         FROM "User" u JOIN "Token" t ON t."userId" = u.id AND t.purpose = 'reset_password'
        WHERE u.email = ANY($1) GROUP BY u.id`,
      [resetters.map((user) => user.email)],
    );
    expect(after.rows.length).toBe(resetters.length);
    for (const row of after.rows) {
      const changed = row.passwordHash !== hashesBefore.get(row.email);
      expect({ email: row.email, changed, resets: row.resets }).toEqual({
        email: row.email,
        changed: row.used,
        resets: row.used ? 1 : 0,
      });
      // A 200 means the password changed; whatever was answered, signing in tells the truth.
      const succeeded = (resetReplies.get(row.email) ?? []).some((reply) => reply.status === 200);
      if (succeeded) expect(changed).toBe(true);
      const user = resetters.find((candidate) => candidate.email === row.email)!;
      const withNew = await stack.api("POST", "/api/login", {
        json: { username: user.username, password: NEW_PASSWORD },
      });
      expect(withNew.status).toBe(changed ? 200 : 401);
    }

    // The worker recovered too: every account's confirmation email goes out, once, and soon. The product sets
    // no bound; we hold the outbox to two minutes after the database returns (a reset link lives 30).
    await waitForEmails(stack, [...emails], /^Confirm/, RECOVERY_BOUND_MS - (Date.now() - resumedAt));
    await sleep(3_000);
    const confirmations = (email: string) => stack.mail(email).filter((mail) => mail.subject.startsWith("Confirm"));
    expect([...emails].filter((email) => confirmations(email).length !== 1)).toEqual([]);
  });
});
