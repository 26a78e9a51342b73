import { describe, expect, it } from "vitest";
import { registerUser } from "@/lib/accounts/sign-up";
import { isUniqueViolation } from "@/lib/accounts/users";
import { db } from "@/lib/platform/db";
import {
  CONFIRM_SUBJECT,
  confirmationToken,
  deliverAll,
  EXISTING_SUBJECT,
  mailbox,
  metaFactory,
  registeredUser,
  signUpInput,
  statementsOf,
  uniqueName,
} from "./accounts-support";
import { confirmedUser } from "./password-support";

// A sign-up's transaction holds a pooled connection and the address's and username's locks: it only writes.
// The email was rendered and the link's token made while the password hash ran, and nothing in it is
// written twice.

const meta = metaFactory(import.meta.url);

/** The statements `work` sends between its transaction's BEGIN and COMMIT. */
async function transactionOf(work: () => Promise<unknown>): Promise<string[]> {
  const statements = await statementsOf(work);
  const begin = statements.findIndex((text) => /^BEGIN/i.test(text));
  const commit = statements.findIndex((text) => /^COMMIT/i.test(text));
  expect(begin, statements.join("\n")).toBeGreaterThanOrEqual(0);
  return statements.slice(begin + 1, commit);
}

/** The tables each statement that inserts inserts into, in order: one list per statement. */
const inserts = (statements: string[]) =>
  statements
    .map((text) => [...text.matchAll(/INSERT\s+INTO\s+(?:"?\w+"?\.)?"(\w+)"/gi)].map((match) => match[1]))
    .filter((tables) => tables.length > 0);

const updates = (statements: string[]) => statements.filter((text) => /^\s*UPDATE/i.test(text));

describe.runIf(process.env.DATABASE_URL)("a sign-up's transaction", () => {
  it("for a new address: one lock statement, one read, one statement of five inserts, no update", async () => {
    const username = uniqueName("txnew");
    const email = `${username}@example.test`;
    let result: unknown;
    const statements = await transactionOf(
      async () => (result = await registerUser(signUpInput(username, email), meta())),
    );

    expect(result).toEqual({ ok: true, email });
    expect(statements.filter((text) => text.includes("pg_try_advisory_xact_lock"))).toHaveLength(1);
    expect(updates(statements)).toEqual([]);
    expect(inserts(statements)).toEqual([["User", "SignupAttempt", "Token", "EmailOutbox", "AuditEvent"]]);
    expect(statements).toHaveLength(3);
    // What was made before the transaction is what it stored: the emailed link confirms this attempt.
    await deliverAll();
    const message = await mailbox(email).waitFor(CONFIRM_SUBJECT);
    expect(message.text).toContain(username);
    expect(await confirmationToken(email)).toMatch(/^[\w-]{43}$/);
  });

  it("for an unconfirmed address: the new attempt's own link, written once", async () => {
    const first = await registeredUser("txagain", meta());
    const username = uniqueName("txagain2");
    const statements = await transactionOf(() => registerUser(signUpInput(username, first.email), meta()));

    expect(updates(statements)).toEqual([]);
    expect(inserts(statements)).toEqual([["SignupAttempt", "Token", "EmailOutbox", "AuditEvent"]]);
    const attempts = await db.signupAttempt.findMany({
      where: { user: { email: first.email } },
      include: { tokens: true },
    });
    expect(attempts.map((attempt) => [attempt.username, attempt.tokens.length]).sort()).toEqual(
      [
        [first.username, 1],
        [username, 1],
      ].sort(),
    );
    await deliverAll();
    const second = await mailbox(first.email).waitFor(CONFIRM_SUBJECT, { count: 2 });
    expect(second.text).toContain(username);
  });

  it("for a confirmed address: the owner's notice, in the owner's words, and nothing else", async () => {
    const owner = await confirmedUser("txowner", meta);
    const statements = await transactionOf(() =>
      registerUser(signUpInput(uniqueName("txvisitor"), owner.email), meta()),
    );

    expect(inserts(statements)).toEqual([["EmailOutbox", "AuditEvent"]]);
    await deliverAll();
    const notice = await mailbox(owner.email).waitFor(EXISTING_SUBJECT);
    expect(notice.text).toContain(owner.username);
  });

  it("asks the token table through indexes: the undo links of an address, the links of an attempt", async () => {
    const plans = await db.$transaction(async (tx) => {
      // On a small table the planner reads it whole anyway; forbidding that shows whether an index can serve.
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      const plan = async (where: string) =>
        (await tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN SELECT 1 FROM "Token" WHERE ${where}`))
          .map((row) => row["QUERY PLAN"])
          .join("\n");
      return [
        await plan(`email = 'a@example.test' AND purpose = 'revert_email_change' AND "usedAt" IS NULL`),
        await plan(`"attemptId" = '00000000-0000-0000-0000-000000000000' AND "usedAt" IS NULL`),
      ];
    });
    expect(plans[0]).toContain("Token_email_purpose_idx");
    expect(plans[1]).toContain("Token_attemptId_idx");
  });
});

describe("a unique violation", () => {
  it("is recognised from a raw statement (sign-up writes its account in one) as from Prisma's own queries", async () => {
    const taken = await registeredUser("uvtaken", meta());
    const raw = db.$executeRaw`
      INSERT INTO "User" (id, username, email, "updatedAt")
      VALUES (gen_random_uuid(), ${taken.username}, ${`${uniqueName("uvraw")}@example.test`}, now())`;
    const orm = db.user.create({ data: { username: taken.username, email: `${uniqueName("uvorm")}@example.test` } });
    for (const write of [raw, orm]) await expect(write.then(() => "written", isUniqueViolation)).resolves.toBe(true);
    // Any other failure is not one.
    const other = db.$executeRaw`INSERT INTO "User" (id) VALUES (${"not a uuid"})`;
    await expect(other.then(() => "written", isUniqueViolation)).resolves.toBe(false);
  });
});
