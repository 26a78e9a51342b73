import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmedUser, postgresBin, startStack, type Reply, type Stack } from "./stack";

// Hosted PostgreSQL is usually reached through a transaction-mode pooler: each transaction (or statement
// outside one) may run on a different server connection, shared with other clients. Nothing the app does
// may depend on a server connection outliving one transaction: no named prepared statements, no session
// settings the pooler does not carry over, no session-level advisory locks, no LISTEN.

const hasPgBouncer = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].some((file) => fs.existsSync(file));
const ready = Boolean(postgresBin()) && hasPgBouncer;
if (!ready) console.warn("Skipping the PgBouncer test: needs PostgreSQL and pgbouncer (apt-get install pgbouncer)");

const CLIENTS = 40;
const REQUESTS_PER_CLIENT = 25;
const SIGN_INS = 24;

describe.skipIf(!ready)("behind PgBouncer in transaction mode", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ pooler: true });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("answers parallel Bearer requests and sign-ins with no server error", async () => {
    const users: Awaited<ReturnType<typeof confirmedUser>>[] = [];
    for (let i = 0; i < 6; i++) users.push(await confirmedUser(stack, "pb"));

    const protectedCalls = Array.from({ length: CLIENTS }, async (_, client) => {
      const replies: Reply[] = [];
      const user = users[client % users.length];
      for (let i = 0; i < REQUESTS_PER_CLIENT; i++) {
        replies.push(await stack.api("GET", "/api/protected", { bearer: user.accessToken }));
      }
      return replies;
    });
    const signIns = Array.from({ length: SIGN_INS }, (_, i) => {
      const user = users[i % users.length];
      // Every third one with a wrong password: the failure path writes to the database too.
      const password = i % 3 === 2 ? "not the password at all 1" : user.password;
      return stack.api("POST", "/api/login", { json: { username: user.username, password } });
    });
    const [protectedReplies, signInReplies] = await Promise.all([
      Promise.all(protectedCalls).then((lists) => lists.flat()),
      Promise.all(signIns),
    ]);

    const count = (replies: Reply[]) =>
      replies.reduce<Record<number, number>>((counts, reply) => {
        counts[reply.status] = (counts[reply.status] ?? 0) + 1;
        return counts;
      }, {});
    const failures = [...protectedReplies, ...signInReplies].filter(
      (reply) => reply.status >= 500 || reply.status === 0,
    );
    expect(failures.map((reply) => `${reply.status} ${reply.path} ${reply.body.slice(0, 200)}`)).toEqual([]);
    expect(count(protectedReplies)).toEqual({ 200: CLIENTS * REQUESTS_PER_CLIENT });
    expect(count(signInReplies)).toEqual({ 200: SIGN_INS - SIGN_INS / 3, 401: SIGN_INS / 3 });

    // The requests really went through the pooler, and it reported no error of the app's doing.
    const log = stack.bouncer!.log();
    expect(log).toMatch(/login attempt: db=faults_/);
    expect(log).not.toMatch(/prepared statement|ERROR/i);
  });
});
