// The operator CLI: `npm run accounts -- <command>`. It parses arguments, calls lib/accounts/operator.ts (where the
// rules live, shared with any admin page) and prints. Run `npm run accounts -- --help` for the commands.
import { parseArgs } from "node:util";
import nextEnv from "@next/env";

const HELP = `Usage: npm run accounts -- <command> [arguments]

Commands:
  create-admin <username> <email>     Create a confirmed account with the roles user and admin. The
                                      password comes from ACCOUNTS_PASSWORD, or is asked for (not shown)
                                      when run from a terminal; the password policy applies.
  find <username-or-email>            Show an account: confirmed or not, roles, created, live sessions.
  users [--search <text>] [--page <n>]
                                      List accounts, newest first, 20 a page; --search matches username
                                      or email.
  resend-confirmation <username-or-email>
                                      Email a fresh confirmation link to an unconfirmed account (older
                                      links stop working).
  revoke-sessions <username-or-email> Sign the account out everywhere (website and API).
  lock <username-or-email> [--hours <n>]
                                      Refuse sign-in for <n> hours (default 24) and sign out everywhere;
                                      a password reset still works and ends the lock.
  unlock <username-or-email>          Lift a lock (an operator's or the automatic one after failed sign-ins).
  two-factor-off <username-or-email>  Turn off two-factor sign-in for someone who lost every factor (check
                                      who they are first); recorded in the account's log, the owner emailed.
  purge-deleted-accounts              Remove now the accounts whose deletion's 7-day grace period is over
                                      (the app does this every hour by itself).
  rotate-signing-key                  Sign API tokens with a new key from now on; the old key stays
                                      published until the tokens it signed have expired.
  outbox [--state <state>]            List the newest emails (50) and how many are in each state;
                                      <state> is pending, sending, sent or failed.
  retry-failed                        Put every failed email back in line: pending, attempts reset, due now.
  send-test-email <address>           Queue a test email to <address>; the app's outbox worker sends it.
  help, --help, -h                    Show this help.

Configuration: the same environment variables and .env files as \`next start\` (DATABASE_URL, or the
embedded database in PGLITE_DIR, which only one process can open: stop the app first).

Exit codes: 0 done, 1 the command failed (no such account, invalid input, database unavailable),
2 usage error (unknown command, missing or extra arguments, unknown option).`;

type Options = { state?: string; search?: string; page?: string; hours?: string };
type Operator = typeof import("@/lib/accounts/operator");
type Command = {
  args: string[];
  options?: (keyof Options)[];
  run: (ops: Operator, args: string[], options: Options) => Promise<void>;
};

class UsageError extends Error {}
class CommandFailed extends Error {}

const ACTOR = { label: "cli", meta: { ip: null, userAgent: "operator CLI" } };

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never");

function printAccount(account: import("@/lib/accounts/operator").AccountSummary) {
  const rows: [string, string][] = [
    ["username", account.username],
    ["email", account.email],
    ["confirmed", account.confirmedAt ? `yes, ${day(account.confirmedAt)}` : "no"],
    ["roles", account.roles.join(", ")],
    ["created", day(account.createdAt)],
    ["sessions", `${account.liveSessions} live`],
    ["last sign-in", day(account.lastSignInAt)],
    ["providers", account.providers.join(", ") || "none"],
    ["id", account.id],
  ];
  for (const [label, value] of rows) console.log(`${label.padEnd(13)}${value}`);
}

function table(headers: string[], rows: string[][]) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  console.log(line(headers));
  for (const row of rows) console.log(line(row));
}

// lib/ and the schemas answer message keys; the operator reads them in DEFAULT_LOCALE (set once env is loaded).
let localize = (errors: Record<string, string[]> | undefined): Record<string, string[]> => errors ?? {};

function failWith(fieldErrors: Record<string, string[]> | undefined, fallback: string): never {
  const lines = Object.entries(localize(fieldErrors)).flatMap(([field, messages]) =>
    messages.map((m) => `${field}: ${m}`),
  );
  throw new CommandFailed(lines.length ? lines.join("\n") : fallback);
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return finish();
        if (char === "\u0003" || char === "\u0004") return finish(new CommandFailed("Cancelled."));
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on("data", onData);
  });
}

async function readNewPassword(): Promise<string> {
  // An input of this command, not configuration (which lib/platform/env.ts reads): lets scripts create an admin.
  const given = process.env.ACCOUNTS_PASSWORD;
  if (given) return given;
  if (!process.stdin.isTTY) {
    throw new UsageError("No password: set ACCOUNTS_PASSWORD, or run create-admin in a terminal to be asked for one.");
  }
  const password = await promptHidden("Password for the new admin: ");
  if ((await promptHidden("Repeat the password: ")) !== password)
    throw new CommandFailed("The passwords do not match.");
  return password;
}

const commands: Record<string, Command> = {
  "create-admin": {
    args: ["username", "email"],
    async run(ops, [username, email]) {
      // Check the name and address before asking for a password that would be refused with them.
      const { usernameSchema, emailSchema } = await import("@/lib/shared/validation");
      const errors: Record<string, string[]> = {};
      const name = usernameSchema.safeParse(username);
      if (!name.success) errors.username = name.error.issues.map((issue) => issue.message);
      const address = emailSchema.safeParse(email);
      if (!address.success) errors.email = address.error.issues.map((issue) => issue.message);
      if (Object.keys(errors).length) failWith(errors, "Invalid username or email.");

      const result = await ops.createAdmin({ username, email, password: await readNewPassword() }, ACTOR);
      if (!result.ok) {
        if (result.error === "username_taken") throw new CommandFailed(`The username "${username}" is taken.`);
        if (result.error === "email_taken")
          throw new CommandFailed(`An account with the email ${email} exists already.`);
        failWith(result.fieldErrors, "Invalid input.");
      }
      console.log(`Created admin ${result.account.username} <${result.account.email}> (confirmed).`);
    },
  },
  find: {
    args: ["username-or-email"],
    async run(ops, [login]) {
      const account = await ops.findUser(login);
      if (!account) throw new CommandFailed(`No account with the username or email "${login}".`);
      printAccount(account);
    },
  },
  users: {
    args: [],
    options: ["search", "page"],
    async run(ops, _, options) {
      const page = Number(options.page ?? 1);
      if (!Number.isInteger(page) || page < 1)
        throw new UsageError(`--page takes a whole number from 1, not "${options.page}".`);
      const result = await ops.listUsers({ search: options.search, page });
      if (result.total === 0) {
        console.log(options.search ? `No accounts match "${options.search}".` : "No accounts yet.");
        return;
      }
      table(
        ["USERNAME", "EMAIL", "CONFIRMED", "ROLES", "CREATED", "SESSIONS"],
        result.users.map((user) => [
          user.username,
          user.email,
          user.confirmedAt ? "yes" : "no",
          user.roles.join(","),
          day(user.createdAt),
          String(user.liveSessions),
        ]),
      );
      console.log(
        `\nPage ${result.page} of ${result.pages} (${result.total} account${result.total === 1 ? "" : "s"}).`,
      );
    },
  },
  "resend-confirmation": {
    args: ["username-or-email"],
    async run(ops, [login]) {
      const result = await ops.resendConfirmationFor(login, ACTOR);
      if (!result.ok && result.error === "not_found")
        throw new CommandFailed(`No account with the username or email "${login}".`);
      if (!result.ok) throw new CommandFailed(`"${login}" has confirmed its email already; nothing sent.`);
      console.log(`Queued a new confirmation link to ${result.email}; older links no longer work.`);
    },
  },
  "revoke-sessions": {
    args: ["username-or-email"],
    async run(ops, [login]) {
      const result = await ops.revokeSessionsFor(login, ACTOR);
      if (!result.ok) throw new CommandFailed(`No account with the username or email "${login}".`);
      console.log(
        `Signed ${result.username} out everywhere (${result.revoked} live session${result.revoked === 1 ? "" : "s"} ended).`,
      );
    },
  },
  lock: {
    args: ["username-or-email"],
    options: ["hours"],
    async run(ops, [login], options) {
      const hours = Number(options.hours ?? 24);
      if (!(hours > 0 && hours <= 24 * 365))
        throw new UsageError(`--hours takes a number of hours, not "${options.hours}".`);
      const result = await ops.lockAccount(login, new Date(Date.now() + hours * 3600_000), ACTOR);
      if (!result.ok) throw new CommandFailed(`No account with the username or email "${login}".`);
      console.log(`Locked sign-in for ${result.username} until ${day(result.until)} and signed it out everywhere.`);
    },
  },
  unlock: {
    args: ["username-or-email"],
    async run(ops, [login]) {
      const result = await ops.unlockAccount(login, ACTOR);
      if (!result.ok) throw new CommandFailed(`No account with the username or email "${login}".`);
      console.log(`Unlocked sign-in for ${result.username}.`);
    },
  },
  "two-factor-off": {
    args: ["username-or-email"],
    async run(ops, [login]) {
      const result = await ops.disableTwoFactorFor(login, ACTOR);
      if (!result.ok && result.error === "not_found")
        throw new CommandFailed(`No account with the username or email "${login}".`);
      if (!result.ok) throw new CommandFailed(`"${login}" does not have two-factor sign-in on; nothing changed.`);
      console.log(`Turned off two-factor sign-in for ${result.username}; they were emailed a notice.`);
    },
  },
  "purge-deleted-accounts": {
    args: [],
    async run(ops) {
      const count = await ops.purgeDueAccounts();
      console.log(
        count
          ? `Removed ${count} deleted account${count === 1 ? "" : "s"} and ${count === 1 ? "its" : "their"} personal data.`
          : "No deleted account is due for removal.",
      );
    },
  },
  "rotate-signing-key": {
    args: [],
    async run(ops) {
      const { kid, retired } = await ops.rotateSigningKey();
      console.log(
        `API tokens are now signed with key ${kid}.${retired.length ? ` Retired: ${retired.join(", ")} (published until their tokens expire).` : ""}`,
      );
    },
  },
  outbox: {
    args: [],
    options: ["state"],
    async run(ops, _, options) {
      const state = options.state as (typeof ops.EMAIL_STATES)[number] | undefined;
      if (state !== undefined && !ops.EMAIL_STATES.includes(state)) {
        throw new UsageError(`--state is one of ${ops.EMAIL_STATES.join(", ")}, not "${options.state}".`);
      }
      const { counts, messages } = await ops.listOutbox({ state });
      console.log(ops.EMAIL_STATES.map((s) => `${s} ${counts[s]}`).join(" · "));
      if (messages.length === 0) return;
      console.log("");
      table(
        ["ID", "STATE", "TRIES", "CREATED", "NEXT TRY", "TO", "SUBJECT", "LAST ERROR"],
        messages.map((m) => [
          m.id.slice(0, 8),
          m.status,
          String(m.attempts),
          day(m.createdAt),
          m.status === "pending" ? day(m.nextAttemptAt) : "-",
          m.to,
          m.subject.length > 48 ? `${m.subject.slice(0, 47)}…` : m.subject,
          (m.lastError ?? "").slice(0, 60),
        ]),
      );
    },
  },
  "retry-failed": {
    args: [],
    async run(ops) {
      const count = await ops.retryFailedEmails();
      console.log(
        count
          ? `${count} failed email${count === 1 ? "" : "s"} queued again; the app's outbox worker sends them.`
          : "No failed emails.",
      );
    },
  },
  "send-test-email": {
    args: ["address"],
    async run(ops, [address]) {
      const result = await ops.queueTestEmail(address);
      if (!result.ok) failWith(result.fieldErrors, "Invalid address.");
      console.log(
        `Queued a test email to ${result.to}. The app's outbox worker sends it; \`outbox --state failed\` shows it if it cannot.`,
      );
    },
  },
};

/** What went wrong, for an operator: no stack traces or code frames, a next step where there is one. */
function explain(error: unknown): string {
  const kind = (error as object)?.constructor?.name;
  const code = (error as { code?: string }).code;
  // Prisma's messages open with the code frame of the call; the cause is the last line.
  let message = error instanceof Error ? error.message : String(error);
  if (kind?.startsWith("PrismaClient")) message = message.trim().split("\n").pop()!;
  if (kind === "PgliteLockedError" || kind === "EnvError") return message;
  if (code === "P2021" || /relation .* does not exist|table .* does not exist/i.test(message)) {
    return "The database has no tables yet: run `npm run db:deploy` (or start the app once) first.";
  }
  if (code === "P1001" || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|Can't reach database/i.test(`${code} ${message}`)) {
    return `Cannot reach the database (DATABASE_URL): ${message}`;
  }
  return `Failed: ${message}`;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        state: { type: "string" },
        search: { type: "string" },
        page: { type: "string" },
        hours: { type: "string" },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\nRun \`npm run accounts -- --help\` for the commands.`);
    return 2;
  }
  const { help, ...options } = parsed.values;
  const [name, ...args] = parsed.positionals;
  if (help || name === "help") {
    console.log(HELP);
    return 0;
  }

  try {
    const command = name ? commands[name] : undefined;
    if (!command) throw new UsageError(name ? `Unknown command "${name}".` : "No command given.");
    if (args.length !== command.args.length) {
      const expected = command.args.map((arg) => `<${arg}>`).join(" ");
      throw new UsageError(`Usage: npm run accounts -- ${name}${expected ? ` ${expected}` : ""}`);
    }
    const unknown = Object.keys(options).filter((option) => !command.options?.includes(option as keyof Options));
    if (unknown.length) throw new UsageError(`${name} takes no --${unknown[0]} option.`);

    // Configuration from the environment and the .env files `next start` reads, loaded before lib/ is
    // imported (lib/platform/env.ts parses it once, at import).
    nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
    const ops = await import("@/lib/accounts/operator");
    const { disconnectDb } = await import("@/lib/platform/db");
    const [{ localizeFieldErrors }, { env }] = await Promise.all([
      import("@/lib/platform/i18n"),
      import("@/lib/platform/env"),
    ]);
    localize = (errors) => localizeFieldErrors(errors, env.DEFAULT_LOCALE);
    try {
      await ops.prepareDatabase();
      await command.run(ops, args, options);
    } finally {
      // Closing flushes the embedded database to disk and frees its lock for the app.
      await disconnectDb();
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\nRun \`npm run accounts -- --help\` for the commands.`);
      return 2;
    }
    console.error(error instanceof CommandFailed ? error.message : explain(error));
    return 1;
  }
}

// Exit explicitly: the hashing threads (lib/security/password-hash.ts) and database pools need not hold the process open.
process.exit(await main(process.argv.slice(2)));
