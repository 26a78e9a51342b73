import fs from "node:fs/promises";
import type { Page } from "@playwright/test";
import { linkIn, Mailbox } from "../support/mailbox";
import { APP_URL, e2eDatabaseUrl, MAIL_CATCHER } from "../support/servers";
import { busyActivity, expect, expectAccessible, registeredUser, test } from "./fixtures";

// The account page's "Your data" (a JSON file of the account, its sessions and its activity, with no secret
// in it) and its pending email change.

test("'Download your data' gives a JSON file of the account, its sessions and activity, and says so in the activity", async ({
  page,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  await expectAccessible(page);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download your data (JSON)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${user.username}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
  const text = await fs.readFile(await download.path(), "utf8");
  const data = JSON.parse(text);
  expect(data.account).toMatchObject({ username: user.username, email: user.email });
  expect(data.account.emailConfirmedAt).toEqual(expect.any(String));
  expect(data.sessions.length).toBeGreaterThanOrEqual(1);
  expect(data.activity.map((event: { type: string }) => event.type)).toEqual(
    expect.arrayContaining(["signup", "email_confirmed", "data_exported"]),
  );
  // Secrets never leave: no password hash, no session token.
  expect(text).not.toMatch(/argon2|passwordHash|sessionToken|refreshJti/);

  await page.reload();
  await expect(page.getByRole("cell", { name: "Your data was downloaded" })).toBeVisible();
});

test("signed out, the data address sends to sign in", async ({ request }) => {
  const response = await request.get("/account/data", { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toBe("/login?callbackUrl=%2Faccount");
});

/** Asks for a change of address on /account and comes back to the page, as after a reload. */
async function askForEmailChange(page: Page, password: string, newEmail: string) {
  await page.goto("/account");
  await page.getByLabel("New email").fill(newEmail);
  await page.getByLabel("Your password").fill(password);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "We sent a link" })).toContainText(newEmail);
  await page.goto("/account");
}

const CONFIRM_NEW = /Confirm your new email address/;

test("the pending email change shows on the account page, and sends again and cancels by keyboard", async ({
  page,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  const newEmail = `new.${user.email}`;
  const newMailbox = new Mailbox(MAIL_CATCHER.httpUrl, newEmail);
  await askForEmailChange(page, user.password, newEmail);
  const pending = page.getByRole("region", { name: "Waiting for confirmation" });
  await expect(pending).toContainText(`We sent a link to ${newEmail}`);
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "light" });

  await page.getByRole("button", { name: "Send the link again" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "We sent a new link" })).toBeVisible();
  const newest = linkIn(await newMailbox.waitFor(CONFIRM_NEW, { count: 2 }), `${APP_URL}/email-change?token=`);

  await page.getByRole("button", { name: "Cancel the change" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "The change is cancelled" })).toBeVisible();
  await expect(pending).toHaveCount(0);
  await page.goto(newest);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Use this address" })).toHaveCount(0);
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("the pending email change can be sent again and cancelled", async ({ page, user, mailbox }) => {
    await registeredUser(page, user, mailbox);
    const newEmail = `new.${user.email}`;
    await askForEmailChange(page, user.password, newEmail);
    await page.getByRole("button", { name: "Send the link again" }).click();
    await expect(page.getByRole("status").filter({ hasText: "We sent a new link" })).toBeVisible();
    await new Mailbox(MAIL_CATCHER.httpUrl, newEmail).waitFor(CONFIRM_NEW, { count: 2 });
    await page.getByRole("button", { name: "Cancel the change" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The change is cancelled" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Waiting for confirmation" })).toHaveCount(0);
  });
});

test.describe("a busy activity list", () => {
  test.skip(!e2eDatabaseUrl(APP_URL), "the events are written into the server's PostgreSQL database");
  test.use({ timezoneId: "America/Sao_Paulo" });

  test("groups repeats, shows the viewer's time, pages with 'Show more' and stacks at 320 px", async ({
    page,
    user,
    mailbox,
  }) => {
    await registeredUser(page, user, mailbox);
    await busyActivity(user.username);
    await page.goto("/account");
    const rows = page.locator("table.activity tbody tr");
    await expect(rows).toHaveCount(10);
    // In the browser's zone (São Paulo, UTC-3), not UTC.
    await expect(rows.first().locator("td").nth(2)).toContainText("GMT-3");
    await expectAccessible(page);
    await page.emulateMedia({ colorScheme: "dark" });
    await expectAccessible(page);
    await page.emulateMedia({ colorScheme: "light" });

    await page.getByRole("link", { name: "Show more activity" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/account\?activity=30#activity-11$/);
    await expect(rows).toHaveCount(30);
    await page.getByRole("link", { name: "Show more activity" }).click();
    await expect(page).toHaveURL(/activity=50/);
    await expect(page.getByRole("link", { name: "Show more activity" })).toHaveCount(0);
    const failed = rows.filter({ hasText: "10 failed sign-in attempts" });
    await expect(failed).toHaveCount(1);
    await expect(failed.locator("td").nth(1)).toHaveText("Firefox on Linux, 203.0.113.7");
    await expect(failed.locator("td").nth(2)).toHaveText(/\b0?2:48\s*–\s*0?2:49\sPM\sGMT-3/);
    await expect(page.getByRole("cell", { name: "Failed sign-in attempt", exact: true })).toHaveCount(0);

    await page.setViewportSize({ width: 320, height: 700 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // Stacked: the "when" of a row sits under its "what".
    const [what, when] = [
      await failed.locator("td").nth(0).boundingBox(),
      await failed.locator("td").nth(2).boundingBox(),
    ];
    expect(when!.y).toBeGreaterThan(what!.y);
    await expectAccessible(page);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("'Show more' is a link that works, and times say UTC", async ({ page, user, mailbox }) => {
      await registeredUser(page, user, mailbox);
      await busyActivity(user.username);
      await page.goto("/account");
      const rows = page.locator("table.activity tbody tr");
      await expect(rows).toHaveCount(10);
      await expect(rows.first().locator("td").nth(2)).toContainText("UTC");
      await page.getByRole("link", { name: "Show more activity" }).click();
      await expect(rows).toHaveCount(30);
      await page.getByRole("link", { name: "Show more activity" }).click();
      await expect(rows.filter({ hasText: "10 failed sign-in attempts" }).locator("td").nth(2)).toHaveText(
        /\b0?5:48\s*–\s*0?5:49\sPM\sUTC/,
      );
    });
  });
});
