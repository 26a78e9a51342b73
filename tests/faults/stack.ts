import { spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startMailCatcher, type CaughtMessage } from "../support/mail-catcher";
import { spawnProductionServer } from "../support/production-server";

// A private, breakable stack for one fault test (or the soak): its own PostgreSQL server, a fresh migrated
// database, its own mail catcher and the production server (tests/support/production-server.ts). Nothing is shared with other tests, so a
// test may stop the database, kill the app or cut SMTP without disturbing anyone.
//
// Ports: every process of a stack listens on a port the OS hands out (freePort), so stacks never collide.

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
/** Whose build runs and where `db:deploy` runs: this checkout, or a built copy of it (FAULTS_APP_DIR). */
export const APP_DIR = path.resolve(process.env.FAULTS_APP_DIR ?? repoRoot);
const POSTGRES_SH = path.join(repoRoot, "scripts", "postgres.sh");
const PGBOUNCER_SH = path.join(repoRoot, "scripts", "pgbouncer.sh");

/** Where each app's log is written when its stack closes. */
export const LOG_DIR = path.join("/tmp", "faults-logs");

export const PASSWORD = "correct horse battery staple 42";
export const NEW_PASSWORD = "a brand new horse battery staple 77";
const AUTH_SECRET = "faults-secret-faults-secret-faults-secret-0123";

/** The PostgreSQL server binaries, or null when this machine has none (the fault tests then skip). */
export function postgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((version) => fs.existsSync(path.join(root, version, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], "bin") : null;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A TCP port the OS has just handed out, for a process that must be told its port before it starts
 * (PostgreSQL, PgBouncer, the production server). Nothing is fixed, so two checkouts can run their tests side by side.
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `check` until it returns a truthy value, or throws after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | false | null | undefined> | T | false | null | undefined,
  { timeoutMs = 30_000, intervalMs = 200 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError}` : ""}`);
    }
    await sleep(intervalMs);
  }
}

// ---- PostgreSQL ---------------------------------------------------------------------------------------

function asPostgres(command: string, args: string[]) {
  const root = process.getuid?.() === 0;
  const result = spawnSync(root ? "runuser" : command, root ? ["-u", "postgres", "--", command, ...args] : args, {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr || result.stdout}`);
}

export class Postgres {
  readonly dir: string;
  constructor(readonly port: number) {
    // A path of its own under /tmp: postgres.sh creates it and hands it to the postgres user.
    this.dir = path.join("/tmp", `faults-pg-${port}-${process.pid}-${Date.now()}`);
  }

  /** postgresql://…/postgres, for creating databases. */
  get serverUrl() {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  url(database: string) {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  init() {
    const result = spawnSync("bash", [POSTGRES_SH, "start", this.dir, String(this.port)], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`postgres.sh start failed: ${result.stderr}`);
  }

  /** Fast shutdown: open connections are cut, as in a crash or failover of the database server. */
  stop() {
    const result = spawnSync("bash", [POSTGRES_SH, "stop", this.dir], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`postgres.sh stop failed: ${result.stderr}`);
  }

  /** Starts the stopped server again on the same directory and port. */
  resume() {
    const bin = postgresBin()!;
    asPostgres(path.join(bin, "pg_ctl"), [
      "-D",
      this.dir,
      "-l",
      path.join(this.dir, "log"),
      "-w",
      "-o",
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k /tmp -c fsync=off -c max_connections=200`,
      "start",
    ]);
  }

  destroy() {
    try {
      this.stop();
    } catch {
      // Already stopped.
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** PgBouncer in transaction mode in front of one database (scripts/pgbouncer.sh). */
export class PgBouncer {
  private constructor(
    readonly dir: string,
    readonly url: string,
  ) {}

  static async start(databaseUrl: string): Promise<PgBouncer> {
    const dir = path.join("/tmp", `faults-pgbouncer-${process.pid}-${Date.now()}`);
    const result = spawnSync("bash", [PGBOUNCER_SH, "start", dir, String(await freePort()), databaseUrl], {
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`pgbouncer.sh start failed: ${result.stderr}`);
    return new PgBouncer(dir, result.stdout.trim());
  }

  /** PgBouncer's log: what it refused or cut. */
  log(): string {
    return fs.existsSync(path.join(this.dir, "pgbouncer.log"))
      ? fs.readFileSync(path.join(this.dir, "pgbouncer.log"), "utf8")
      : "";
  }

  stop() {
    spawnSync("bash", [PGBOUNCER_SH, "stop", this.dir]);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Creates a database on the server and applies the migrations with the operator's command. */
export async function createDatabase(postgres: Postgres, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: postgres.serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = postgres.url(name);
  const deploy = spawnSync("npm", ["run", "--silent", "db:deploy"], {
    cwd: APP_DIR,
    env: baseEnv({ DATABASE_URL: url }),
    encoding: "utf8",
  });
  if (deploy.status !== 0) throw new Error(`db:deploy failed:\n${deploy.stdout}\n${deploy.stderr}`);
  return url;
}

// ---- The app --------------------------------------------------------------------------------------------

/** The environment of child processes: only what they need (no NODE_ENV, no DATABASE_URL from the caller). */
export function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "LANG", "TMPDIR", "TZ"];
  return {
    ...Object.fromEntries(keep.filter((key) => process.env[key]).map((key) => [key, process.env[key]!])),
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
    ...extra,
  } as Record<string, string | undefined> as NodeJS.ProcessEnv;
}

export type AppOptions = { port: number; databaseUrl: string; smtpPort: number; env?: Record<string, string> };

/** One production server in a process group of its own (so SIGKILL reaches every process it started). */
export class App {
  readonly url: string;
  private child?: ChildProcess;
  private exit?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly output: string[] = [];
  readonly dataDir: string;

  constructor(private readonly options: AppOptions) {
    this.url = `http://localhost:${options.port}`;
    this.dataDir = fs.mkdtempSync(path.join("/tmp", `faults-app-${options.port}-`));
  }

  get pid() {
    return this.child?.pid;
  }

  get running() {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  async start() {
    const { port, databaseUrl, smtpPort } = this.options;
    const child = spawnProductionServer({
      port,
      root: APP_DIR,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: baseEnv({
        APP_URL: this.url,
        AUTH_SECRET,
        DATABASE_URL: databaseUrl,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: "Accounts <no-reply@faults.test>",
        DATA_DIR: this.dataDir,
        OUTBOX_POLL_INTERVAL: "1s",
        OUTBOX_BACKOFF_BASE: "1s",
        // Every request comes from one address: per-IP limits must not get in the way.
        SIGNUPS_PER_IP_PER_HOUR: "100000",
        LOGINS_PER_IP_PER_MINUTE: "100000",
        EMAIL_REQUESTS_PER_IP_PER_HOUR: "100000",
        TOKEN_SUBMISSIONS_PER_IP_PER_HOUR: "100000",
        // Nor may admission control: these tests send bursts on purpose, to break other things.
        HASH_ADMISSION_LIMIT: "10000",
        ...this.options.env,
      }),
    });
    this.child = child;
    const record = (chunk: Buffer) => this.output.push(...chunk.toString().split("\n").filter(Boolean));
    child.stdout!.on("data", record);
    child.stderr!.on("data", record);
    this.exit = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    await waitUntil(
      `the app on port ${port} to answer`,
      async () => {
        if (!this.running) throw new Error(`the server exited:\n${this.output.slice(-30).join("\n")}`);
        return (await fetch(`${this.url}/api/`)).ok;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  }

  /** Sends `signal` to the app's whole process group. */
  signal(signal: NodeJS.Signals) {
    if (this.child?.pid && this.running) process.kill(-this.child.pid, signal);
  }

  /** Resolves with the exit code and signal once the process has ended. */
  exited() {
    return this.exit!;
  }

  async stop() {
    if (!this.running) return;
    this.signal("SIGTERM");
    const ended = await Promise.race([this.exited(), sleep(15_000).then(() => null)]);
    if (!ended) {
      this.signal("SIGKILL");
      await this.exited();
    }
  }

  /** The last lines of the app's log, for failure messages. */
  tail(lines = 40) {
    return this.output.slice(-lines).join("\n");
  }

  /** Removes the data folder; the log stays in LOG_DIR for a post-mortem. */
  destroy() {
    fs.mkdirSync(LOG_DIR, { recursive: true });
    fs.writeFileSync(path.join(LOG_DIR, `app-${this.options.port}-${this.pid}.log`), this.output.join("\n") + "\n");
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

// ---- HTTP ------------------------------------------------------------------------------------------------

export type Reply = {
  method: string;
  path: string;
  status: number; // 0 when no response arrived (connection refused or cut)
  body: string;
  contentType: string;
  ms: number;
  startedAt: number;
  error?: string;
};

/** One request; never throws (a network failure is status 0 with the error). */
export async function call(
  baseUrl: string,
  method: "GET" | "POST",
  urlPath: string,
  { json, bearer, headers = {} }: { json?: unknown; bearer?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const startedAt = Date.now();
  try {
    const response = await fetch(`${baseUrl}${urlPath}`, {
      method,
      redirect: "manual",
      headers: {
        ...(json !== undefined ? { "content-type": "application/json" } : {}),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...headers,
      },
      body: json !== undefined ? JSON.stringify(json) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
    const body = await response.text();
    return {
      method,
      path: urlPath,
      status: response.status,
      body,
      contentType: response.headers.get("content-type") ?? "",
      ms: Date.now() - startedAt,
      startedAt,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return {
      method,
      path: urlPath,
      status: 0,
      body: "",
      contentType: "",
      ms: Date.now() - startedAt,
      startedAt,
      error: cause?.code ?? String(error),
    };
  }
}

/** Signs of a leaked error: a stack frame, a source path, or a database driver's message. */
export const LEAK =
  /\n\s*at [^\n]+:\d+:\d+|node_modules|\.next\/server|Prisma|prisma\.|ECONNREFUSED|Connection terminated|DriverAdapter|Can't reach database|57P0\d/;

export function parseJson(reply: Reply): Record<string, unknown> | null {
  try {
    const value = JSON.parse(reply.body);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The token in the first link of `message` that carries one. */
export function tokenIn(message: CaughtMessage): string {
  const link = message.text.match(/https?:\/\/[^\s<>"')\]]+/g)?.find((url) => url.includes("token="));
  if (!link) throw new Error(`No token link in "${message.subject}":\n${message.text}`);
  return new URL(link).searchParams.get("token")!;
}

// ---- The whole stack -------------------------------------------------------------------------------------

export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * PostgreSQL + a migrated database + mail catcher + the production server, each on a port the OS hands out. `smtpPort`
 * sends the app's email to another SMTP server than the catcher; `pooler` puts PgBouncer in transaction mode
 * between the app and PostgreSQL (the test's own `sql` pool still talks to PostgreSQL directly).
 */
export async function startStack({
  env = {},
  smtpPort,
  pooler = false,
}: { env?: Record<string, string>; smtpPort?: number; pooler?: boolean } = {}) {
  const postgres = new Postgres(await freePort());
  postgres.init();
  const databaseUrl = await createDatabase(postgres, `faults_${postgres.port}`);
  const bouncer = pooler ? await PgBouncer.start(databaseUrl) : null;
  const catcher = await startMailCatcher();
  const app = new App({
    port: await freePort(),
    databaseUrl: bouncer?.url ?? databaseUrl,
    smtpPort: smtpPort ?? catcher.smtpPort,
    env,
  });
  await app.start();
  // The test's own view of the database, for checking invariants. Errors of idle clients during an
  // outage are expected and must not crash the test process.
  const sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  sql.on("error", () => {});

  return {
    postgres,
    bouncer,
    databaseUrl,
    catcher,
    app,
    sql,
    /** The messages caught for an address (or all), oldest first. */
    mail(to?: string) {
      return to ? catcher.messages.filter((message) => message.to.includes(to.toLowerCase())) : catcher.messages;
    },
    api(method: "GET" | "POST", urlPath: string, options?: Parameters<typeof call>[3]) {
      return call(app.url, method, urlPath, options);
    },
    async close() {
      await app.stop().catch(() => {});
      app.destroy();
      await sql.end().catch(() => {});
      await catcher.close().catch(() => {});
      bouncer?.stop();
      postgres.destroy();
    },
  };
}

/**
 * Waits until every address has caught at least one email whose subject matches. On timeout the error lists
 * the outbox rows of the addresses still waiting (state, attempts, claim, last error).
 */
export async function waitForEmails(stack: Stack, addresses: string[], subject: RegExp, timeoutMs: number) {
  const waiting = () => addresses.filter((to) => !stack.mail(to).some((message) => subject.test(message.subject)));
  try {
    await waitUntil(`emails to ${addresses.length} addresses`, () => waiting().length === 0, { timeoutMs });
  } catch {
    const rows = await stack.sql.query(
      `SELECT "to", status, attempts, "lockedUntil", "lastError", now() AS now FROM "EmailOutbox" WHERE "to" = ANY($1)`,
      [waiting()],
    );
    throw new Error(
      `${waiting().length} of ${addresses.length} addresses got no email within ${timeoutMs} ms; their outbox rows:\n` +
        JSON.stringify(rows.rows, null, 1),
    );
  }
}

let counter = 0;
/** A fresh, valid username and address. */
export function freshUser(prefix: string) {
  const id = `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`.toLowerCase().slice(0, 32);
  return { username: id, email: `${id}@faults.test`, password: PASSWORD };
}

/** Signs up through the API, confirms with the emailed token and returns the user with an access token. */
export async function confirmedUser(stack: Stack, prefix: string) {
  const user = freshUser(prefix);
  const signup = await stack.api("POST", "/api/registration", { json: user });
  if (signup.status !== 201) throw new Error(`sign-up failed: ${signup.status} ${signup.error ?? signup.body}`);
  const message = await waitUntil(`the confirmation email for ${user.email}`, () => stack.mail(user.email)[0]);
  const finalize = await stack.api("GET", "/api/finalize", { bearer: tokenIn(message) });
  if (finalize.status !== 200)
    throw new Error(`finalize failed: ${finalize.status} ${finalize.error ?? finalize.body}`);
  return { ...user, accessToken: String(parseJson(finalize)!.access_token) };
}

const entities: Record<string, string> = { "&quot;": '"', "&#x27;": "'", "&lt;": "<", "&gt;": ">", "&amp;": "&" };
const decodeHtml = (text: string) => text.replace(/&(quot|#x27|lt|gt|amp);/g, (entity) => entities[entity]);

/**
 * Signs in on the website as a browser without JavaScript does: submits the sign-in form (a server action)
 * with its hidden fields. Returns the Cookie header of the new session.
 */
export async function signInOnWebsite(stack: Stack, login: string, password: string): Promise<string> {
  const page = await stack.api("GET", "/login");
  const form = page.body.match(/<form[\s\S]*?<\/form>/)?.[0];
  if (!form) throw new Error(`No sign-in form on /login (${page.status})`);
  const data = new FormData();
  for (const input of form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
    data.append(decodeHtml(input[1]), decodeHtml(input[2] ?? ""));
  }
  data.append("login", login);
  data.append("password", password);
  const response = await fetch(`${stack.app.url}/login`, {
    method: "POST",
    body: data,
    redirect: "manual",
    headers: { origin: stack.app.url },
  });
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .filter((pair) => pair.startsWith("authjs.session-token="))
    .join("; ");
  if (response.status !== 303 || !cookie) throw new Error(`Website sign-in failed: ${response.status}`);
  return cookie;
}
