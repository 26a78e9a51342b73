import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import pg from "pg";
import type { Mailbox } from "../support/mailbox";
import { MAIL_CATCHER, STANDALONE_PORTS } from "../support/servers";
import { confirmationLink, expect, type NewUser, signUp, test } from "./fixtures";

// The container, without Docker: after `npm run build`, the standalone folder is assembled exactly as the
// Dockerfile's builder does (scripts/assemble-standalone.mjs), then started exactly as the image does
// (scripts/docker-entrypoint.sh: the migration step, then `node server.mjs`) with the runner's environment
// and nothing inherited from this checkout. A sign-up through it must reach the mail catcher.

type Standalone = { url: string; dir: string; output: () => string; stop: () => Promise<number | null> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startStandalone(name: string, port: number, databaseUrl?: string): Promise<Standalone> {
  if (!fs.existsSync(".next/standalone/.next/required-server-files.json")) {
    throw new Error("No .next/standalone: run `npm run build` before this test.");
  }
  // A server left on the port (by an earlier run cut short) would answer the health check for this one.
  if (await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null)) {
    throw new Error(`port ${port} already answers: stop the server left there by an earlier run`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `accounts-standalone-${name}-`));
  const app = path.join(dir, "app");
  const assembled = spawnSync(process.execPath, ["scripts/assemble-standalone.mjs", app], { encoding: "utf8" });
  if (assembled.status !== 0) throw new Error(`assembling failed:\n${assembled.stdout}${assembled.stderr}`);

  const url = `http://localhost:${port}`;
  // The Dockerfile's runner ENV, plus what an operator passes with `docker run -e`.
  const env: Record<string, string> = {
    PATH: process.env.PATH!,
    HOME: dir,
    NODE_ENV: "production",
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    DATA_DIR: path.join(dir, "data"),
    PGLITE_DIR: path.join(dir, "data", "pglite"),
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
    APP_URL: url,
    AUTH_SECRET: "standalone-secret-standalone-secret-0123456789",
    SMTP_URL: `smtp://127.0.0.1:${MAIL_CATCHER.smtpPort}`,
    MAIL_FROM: "Accounts <no-reply@accounts.test>",
    OUTBOX_POLL_INTERVAL: "1s",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  // From another working directory, as a container's entrypoint may be; detached, to signal its group.
  const child = spawn(path.join(app, "scripts", "docker-entrypoint.sh"), [], {
    cwd: "/",
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the entrypoint exited with ${child.exitCode}:\n${output}`);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
    if (health?.status === 200) break;
    if (Date.now() > deadline) throw new Error(`no healthy server on port ${port} within 90 s:\n${output}`);
    await sleep(250);
  }

  return {
    url,
    dir,
    output: () => output,
    async stop() {
      // What `docker stop` does: SIGTERM, then SIGKILL after a grace period.
      process.kill(-child.pid!, "SIGTERM");
      const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 15_000);
      const code = await exited;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Every /_next/static asset the page loads, with its status (forms work without them, so check). */
function watchStaticAssets(page: Page) {
  const statuses: { url: string; status: number }[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/_next/static/")) statuses.push({ url: response.url(), status: response.status() });
  });
  return statuses;
}

/** Signs up in the browser, confirms through the emailed link, and checks the page's assets were served. */
async function signUpThrough(page: Page, server: Standalone, user: NewUser, mailbox: Mailbox) {
  const assets = watchStaticAssets(page);
  await signUp(page, user, server.url);
  await page.goto(await confirmationLink(mailbox, 1, server.url));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();
  expect(assets.length).toBeGreaterThan(0);
  expect(assets.filter((asset) => asset.status !== 200)).toEqual([]);
}

test.describe("the standalone server on PostgreSQL, as the container runs it", () => {
  test.describe.configure({ timeout: 180_000 });
  test.skip(!process.env.TEST_DATABASE_URL, "needs TEST_DATABASE_URL (a PostgreSQL server) for a fresh database");

  let server: Standalone;
  let databaseUrl: string;

  test.beforeAll(async () => {
    test.setTimeout(150_000); // startStandalone waits up to 90 s for a healthy server
    // A fresh, empty database: the entrypoint's migration step must create the schema.
    const url = new URL(process.env.TEST_DATABASE_URL!);
    const name = `accounts_standalone_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    server = await startStandalone("postgres", STANDALONE_PORTS.postgres, databaseUrl);
  });

  test.afterAll(async () => {
    // server.mjs's graceful shutdown ends with 0; 143 would be Next.js's own handler, null a SIGKILL.
    expect(await server?.stop(), "an orderly exit on SIGTERM").toBe(0);
    if (databaseUrl) {
      const url = new URL(databaseUrl);
      const name = url.pathname.slice(1);
      url.pathname = "/postgres";
      const admin = new pg.Client({ connectionString: url.toString() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });

  test("migrates the empty database with Prisma's CLI, serves a sign-up and emails the link", async ({
    page,
    user,
    mailbox,
  }) => {
    expect(server.output()).toContain("All migrations have been successfully applied.");
    await signUpThrough(page, server, user, mailbox);
  });
});

test.describe("the standalone server on its embedded database, as the container runs it", () => {
  test.describe.configure({ timeout: 180_000 });

  let server: Standalone;

  test.beforeAll(async () => {
    test.setTimeout(150_000); // startStandalone waits up to 90 s for a healthy server
    server = await startStandalone("embedded", STANDALONE_PORTS.embedded);
  });

  test.afterAll(async () => {
    // server.mjs's graceful shutdown ends with 0; 143 would be Next.js's own handler, null a SIGKILL.
    expect(await server?.stop(), "an orderly exit on SIGTERM").toBe(0);
  });

  test("migrates itself into the data volume, serves a sign-up and emails the link", async ({
    page,
    user,
    mailbox,
  }) => {
    // The embedded database lives in DATA_DIR (the image's /app/data volume), held by the server.
    expect(server.output()).toContain('"message":"embedded database ready"');
    expect(fs.existsSync(path.join(server.dir, "data", "pglite", "PG_VERSION"))).toBe(true);
    expect(fs.existsSync(path.join(server.dir, "data", "pglite.lock"))).toBe(true);
    await signUpThrough(page, server, user, mailbox);
  });
});
