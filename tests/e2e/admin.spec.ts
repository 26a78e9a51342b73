import { expect, expectAccessible, formAlert, registeredUser, screenshots, signIn, test } from "./fixtures";
import { ADMIN } from "../support/servers";

test("an administrator finds an account, signs it out everywhere and locks it; the audit log names them", async ({
  page,
  browser,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  // Not an admin: the page does not exist for this user.
  expect((await page.goto("/admin"))?.status()).toBe(404);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN.username, ADMIN.password);
  await expect(admin).toHaveURL(/\/account/);
  await admin.getByRole("link", { name: "Admin" }).click();
  await admin.getByLabel("Find accounts by username or email").fill(user.username);
  await admin.getByRole("button", { name: "Search" }).click();
  await expect(admin.getByRole("cell", { name: `${user.username} ${user.email}` })).toBeVisible();
  await expectAccessible(admin);
  await screenshots(admin, "admin");

  await admin.getByRole("button", { name: `Sign ${user.username} out everywhere` }).click();
  await expect(admin.getByRole("status")).toHaveText("The account was signed out everywhere.");
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login/);

  await admin.getByRole("button", { name: `Lock ${user.username} for 24 hours` }).click();
  await expect(admin.getByRole("status")).toContainText("Sign-in is locked for 24 hours");
  await signIn(page, user.username, user.password);
  await expect(formAlert(page)).toContainText("Sign-in to this account is paused for 24 hours.");

  await admin.getByRole("button", { name: `Unlock ${user.username}` }).click();
  await expect(admin.getByRole("status")).toHaveText("Sign-in is unlocked.");
  await signIn(page, user.username, user.password);
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByRole("cell", { name: "Sign-in unlocked by an administrator" })).toBeVisible();
  await adminContext.close();
});
