import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockPglite, lockFileFor, unlockPglite } from "@/lib/platform/pglite-lock";
import { createTestDatabase } from "../support/database";

// The real CLI, as an operator runs it: `npm run accounts -- …` in a child process, on a database of its
// own (a fresh PostgreSQL database when TEST_DATABASE_URL is set, else a fresh embedded one).

type Run = { code: number | null; stdout: string; stderr: string };

const COMMANDS = [
  "create-admin",
  "find",
  "users",
  "resend-confirmation",
  "revoke-sessions",
  "outbox",
  "retry-failed",
  "send-test-email",
  "purge-deleted-accounts",
];
const PASSWORD = "correct horse battery staple 42";
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "accounts-cli-"));
let database: Record<string, string> = {};

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  // Only what an operator's shell would hold: no vitest settings, no database of the test run.
  const base: Record<string, string> = {
    PATH: process.env.PATH!,
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: "test",
    DATA_DIR: path.join(scratch, "data"),
    APP_URL: "http://localhost:3000",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "accounts", "--", ...args], {
      env: { ...base, ...database, ...env } as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  database = process.env.TEST_DATABASE_URL
    ? { DATABASE_URL: await createTestDatabase(process.env.TEST_DATABASE_URL, "accounts_cli") }
    : { PGLITE_DIR: path.join(scratch, "pglite") };
});

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe("the operator CLI", () => {
  it("lists every command and the exit codes with --help", async () => {
    const run = await cli(["--help"]);
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    expect(run.stdout).toContain("Exit codes: 0 done, 1 the command failed");
    expect(run.stdout).toContain("2 usage error");
  });

  it("exits with 2 on a usage error and says how to get help", async () => {
    const unknown = await cli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    expect(unknown.stderr).toContain("npm run accounts -- --help");

    const missing = await cli(["find"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Usage: npm run accounts -- find <username-or-email>");

    const badState = await cli(["outbox", "--state", "lost"]);
    expect(badState.code).toBe(2);
    expect(badState.stderr).toContain("--state is one of pending, sending, sent, failed");
  }, 120_000); // three CLI starts; on a busy machine each takes seconds

  it("creates an admin on a fresh database, finds it, and fails cleanly on what it cannot do", async () => {
    const created = await cli(["create-admin", "Operator1", "Operator1@Example.test"], { ACCOUNTS_PASSWORD: PASSWORD });
    expect(created.stderr).toBe("");
    expect(created.stdout).toContain("Created admin operator1 <operator1@example.test> (confirmed).");
    expect(created.code).toBe(0);

    const found = await cli(["find", "operator1@example.test"]);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^confirmed\s+yes, /m);
    expect(found.stdout).toMatch(/^roles\s+user, admin$/m);
    expect(found.stdout).toMatch(/^sessions\s+0 live$/m);

    const again = await cli(["create-admin", "operator1", "other@example.test"], { ACCOUNTS_PASSWORD: PASSWORD });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('The username "operator1" is taken.');

    const weak = await cli(["create-admin", "operator2", "operator2@example.test"], {
      ACCOUNTS_PASSWORD: "operator2!",
    });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/^password: Password must be 15 characters or more/m);

    const noPassword = await cli(["create-admin", "operator3", "operator3@example.test"]);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain("No password: set ACCOUNTS_PASSWORD");

    const missing = await cli(["revoke-sessions", "nobody-here"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No account with the username or email "nobody-here".');

    const listed = await cli(["users", "--search", "operator"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^operator1\s+operator1@example\.test\s+yes\s+user,admin\s/m);
    expect(listed.stdout).toContain("Page 1 of 1 (1 account).");
  }, 180_000); // five CLI runs, each starting tsx and the embedded database

  it("queues a test email and shows it in the outbox", async () => {
    const queued = await cli(["send-test-email", "ops@example.test"]);
    expect(queued.code).toBe(0);
    expect(queued.stdout).toContain("Queued a test email to ops@example.test.");

    const outbox = await cli(["outbox", "--state", "pending"]);
    expect(outbox.code).toBe(0);
    expect(outbox.stdout).toMatch(/^pending 1 · sending 0 · sent 0 · failed 0$/m);
    expect(outbox.stdout).toMatch(/pending\s+0\s+.*ops@example\.test\s+Accounts: test message/);
  }, 120_000);

  it("removes the deleted accounts whose grace period is over, and says when there are none", async () => {
    const none = await cli(["purge-deleted-accounts"]);
    expect(none.stdout).toContain("No deleted account is due for removal.");
    expect(none.code).toBe(0);
    // The embedded database belongs to one process at a time: only on PostgreSQL can the test mark an account.
    if (!database.DATABASE_URL) return;
    const client = new pg.Client({ connectionString: database.DATABASE_URL });
    await client.connect();
    try {
      await client.query(`UPDATE "User" SET "deletionDueAt" = now() - interval '1 minute' WHERE username = 'operator1'`);
    } finally {
      await client.end();
    }
    const purged = await cli(["purge-deleted-accounts"]);
    expect(purged.stdout).toContain("Removed 1 deleted account and its personal data.");
    expect(purged.code).toBe(0);
    expect((await cli(["find", "operator1"])).code).toBe(1);
  }, 180_000);

  it("fails with exit code 1 and a plain message when the database cannot be reached", async () => {
    const run = await cli(["find", "anyone"], { DATABASE_URL: "postgresql://postgres@127.0.0.1:9/nowhere" });
    expect(run.code).toBe(1);
    // One line, no stack trace; the cause in the words of whichever driver noticed first (Prisma's or pg's).
    expect(run.stderr.trim()).toMatch(
      /^Cannot reach the database \(DATABASE_URL\): (Can't reach database server at|connect ECONNREFUSED) 127\.0\.0\.1:9$/,
    );
  }, 120_000);

  it("refuses an embedded database that another process holds, naming it, and opens it once freed", async () => {
    const dir = path.join(scratch, "held-pglite");
    fs.mkdirSync(dir, { recursive: true });
    // This test process stands in for the running app.
    lockPglite(dir);
    try {
      const refused = await cli(["users"], { PGLITE_DIR: dir, DATABASE_URL: "" });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `The embedded database in ${dir} is in use by another process (pid ${process.pid}`,
      );
      expect(refused.stderr).toContain("stop the app");
    } finally {
      unlockPglite(dir);
    }
    expect(fs.existsSync(lockFileFor(dir))).toBe(false);

    const opened = await cli(["users"], { PGLITE_DIR: dir, DATABASE_URL: "" });
    expect(opened.stderr).toBe("");
    expect(opened.stdout).toContain("No accounts yet.");
    expect(opened.code).toBe(0);
    // The CLI let go of the directory when it finished.
    expect(fs.existsSync(lockFileFor(dir))).toBe(false);
  }, 120_000); // two CLI runs, each starting tsx and the embedded database: slow on a busy machine
});
