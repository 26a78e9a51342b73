import fs from "node:fs/promises";
import { expect, expectAccessible, registeredUser, test } from "./fixtures";

// The account page's "Your data": a JSON file of the account, its sessions and its activity, with no secret in it.

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
