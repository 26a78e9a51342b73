import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { linkIn, Mailbox } from "../support/mailbox";
import pg from "pg";
import { APP_URL, e2eDatabaseUrl, MAIL_CATCHER } from "../support/servers";

// Fixtures for browser tests: a fresh user's credentials (never registered yet) and a view of that user's
// mailbox in the real SMTP catcher.

export type NewUser = { username: string; email: string; password: string };

let counter = 0;
/**
 * The time limit of a test that tells a whole story (several password hashes and emails, often a second
 * browser): on a busy 2-core CI such a test has taken close to the default minute.
 */
export const STORY_TIMEOUT_MS = 120_000;

export function freshUser(prefix = "e2e"): NewUser {
  const id = `${Date.now().toString(36)}${process.pid.toString(36)}${(counter++).toString(36)}`;
  return {
    username: `${prefix}_${id}`,
    email: `${prefix}.${id}@example.test`,
    password: "velvet tundra orchestra 88 lantern",
  };
}

export const test = base.extend<{ user: NewUser; mailbox: Mailbox; cspViolations: string[] }>({
  // Every browser test fails if the page reports a Content-Security-Policy violation.
  cspViolations: [
    async ({ page }, provide) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text()))
          violations.push(message.text());
      });
      await provide(violations);
      expect(violations, "CSP violations").toEqual([]);
    },
    { auto: true },
  ],
  user: async ({}, provide) => provide(freshUser()),
  mailbox: async ({ user }, provide) => provide(new Mailbox(MAIL_CATCHER.httpUrl, user.email)),
});
export { expect };

/** Signs up through the form; `timeout` gives `next dev` time to compile the pages on first use. */
export async function signUp(page: Page, user: NewUser, baseUrl = APP_URL, timeout = 10_000) {
  await page.goto(`${baseUrl}/register`);
  await submitSignUp(page, user);
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible({ timeout });
}

/** Fills in and submits the sign-up form on the current page, whatever the answer. */
export async function submitSignUp(page: Page, user: NewUser) {
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function confirmationLink(mailbox: Mailbox, count = 1, baseUrl = APP_URL) {
  const message = await mailbox.waitFor(/Confirm your email/, { count });
  return linkIn(message, `${baseUrl}/confirm?token=`);
}

export async function signIn(
  page: Page,
  login: string,
  password: string,
  baseUrl = APP_URL,
  { keepSignedIn = false } = {},
) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Username or email").fill(login);
  await page.getByLabel("Password", { exact: true }).fill(password);
  if (keepSignedIn) await page.getByLabel("Keep me signed in").check();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/**
 * "Sign out" on the current page, waiting for the sign-out to finish: a navigation started while it is
 * still on its way would find the session alive and be sent to the account page.
 */
export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
}

/** "Sign out everywhere" from the security page, through its confirmation step. */
export async function signOutEverywhere(page: Page) {
  await page.goto("/account/security");
  await page.getByRole("link", { name: "Sign out everywhere" }).click();
  await page.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=everywhere/);
}

/** Signs up, confirms through the emailed link, and lands on /account. */
export async function registeredUser(page: Page, user: NewUser, mailbox: Mailbox) {
  await signUp(page, user);
  await page.goto(await confirmationLink(mailbox));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(/\/account/);
}

/** No serious or critical accessibility violations on the current page. */
export async function expectAccessible(page: Page) {
  // After a client-side navigation Next.js writes the new <title> a moment after the new content; axe
  // checks the page a reader lands on, so it waits for the title first.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/** Desktop and 360 px screenshots, kept with the test run's artifacts. */
export async function screenshots(page: Page, name: string) {
  const size = page.viewportSize();
  await page.screenshot({ path: `test-results/screenshots/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: `test-results/screenshots/${name}-360.png`, fullPage: true });
  if (size) await page.setViewportSize(size);
}

/**
 * The page's form-level error message: the first message of the error summary, or an alert box (not
 * Next.js's route announcer, which also has role="alert").
 */
export function formAlert(page: Page) {
  return page.locator(".error-summary li, .alert[role=alert]").first();
}

/** The user signed in on another device (a fresh browser context); close the context when done. */
export async function signedInElsewhere(
  browser: Browser,
  login: string,
  password: string,
  { keepSignedIn = false } = {},
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, login, password, APP_URL, { keepSignedIn });
  await expect(page).toHaveURL(/\/account/);
  return { context, page };
}

/** Makes the user's website sessions look as if they signed in `minutes` ago, in the server's database. */
export async function ageSessions(username: string, minutes: number) {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl(APP_URL)! });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `UPDATE "Session" SET "createdAt" = now() - make_interval(mins => $2), "reauthenticatedAt" = NULL
        WHERE "revokedAt" IS NULL AND "userId" = (SELECT id FROM "User" WHERE username = $1)`,
      [username, minutes],
    );
    expect(rowCount).toBeGreaterThan(0);
  } finally {
    await client.end();
  }
}

/**
 * From /account, changes the signed-in user's address to `newEmail` and confirms it through the link mailed
 * there; returns the undo link mailed to the old address (the `count`th such notice it received).
 */
export async function changedEmail(page: Page, user: NewUser, mailbox: Mailbox, newEmail: string, count = 1) {
  await page.goto("/account");
  await page.getByLabel("New email").fill(newEmail);
  await page.getByLabel("Your password").fill(user.password);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "We sent a link" })).toContainText(newEmail);
  const confirmation = await new Mailbox(MAIL_CATCHER.httpUrl, newEmail).waitFor(/Confirm your new email address/);
  await page.goto(linkIn(confirmation, `${APP_URL}/email-change?token=`));
  await page.getByRole("button", { name: "Use this address" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Email address changed");
  return linkIn(
    await mailbox.waitFor(/email address of your .* account was changed/, { count }),
    `${APP_URL}/email-change?token=`,
  );
}

/**
 * Gives the user a busy activity list in the server's database: 30 sign-ins and sign-outs a minute apart,
 * then ten failed sign-in attempts from one browser, 7 seconds apart from 17:48 UTC.
 */
export async function busyActivity(username: string) {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl(APP_URL)! });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "AuditEvent" (id, "userId", type, outcome, ip, "userAgent", "createdAt")
       SELECT gen_random_uuid(), u.id, CASE WHEN i % 2 = 0 THEN 'login' ELSE 'logout' END, 'success',
              '2001:db8:85a3:8d3:1319:8a2e:370:7348', $2, timestamptz '2026-11-29 12:00Z' + i * interval '1 minute'
         FROM "User" u, generate_series(0, 29) i WHERE u.username = $1`,
      [username, FIREFOX_ON_LINUX],
    );
    await client.query(
      `INSERT INTO "AuditEvent" (id, "userId", type, outcome, ip, "userAgent", "createdAt")
       SELECT gen_random_uuid(), u.id, 'login_failed', 'failure', '203.0.113.7', $2,
              timestamptz '2026-11-30 17:48Z' + i * interval '7 seconds'
         FROM "User" u, generate_series(0, 9) i WHERE u.username = $1`,
      [username, FIREFOX_ON_LINUX],
    );
  } finally {
    await client.end();
  }
}
const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
