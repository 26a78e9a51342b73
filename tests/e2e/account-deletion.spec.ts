import type { Page } from "@playwright/test";
import {
  expect,
  expectAccessible,
  formAlert,
  registeredUser,
  signedInElsewhere,
  signIn,
  signOut,
  test,
  STORY_TIMEOUT_MS,
} from "./fixtures";

// Deleting an account (a grace period a sign-in cancels) and the "new sign-in" notice of a browser new to
// the account. Driven by keyboard, and the deletion form also without JavaScript.

const DELETION_SUBJECT = /^Your .+ account will be deleted$/;
const NEW_SIGN_IN_SUBJECT = /^New sign-in to your .+ account$/;

/** Presses Tab until `name`'s link or button has focus (at most 60 times), then Enter. */
async function tabToAndPress(page: Page, role: "link" | "button", name: string) {
  const target = page.getByRole(role, { name, exact: true });
  for (let i = 0; i < 60; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) break;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
  await page.keyboard.press("Enter");
}

test.describe("keyboard only", () => {
  test("deleting signs out everywhere and emails the date; signing in again cancels it and says so once", async ({
    page,
    browser,
    user,
    mailbox,
  }) => {
    test.setTimeout(STORY_TIMEOUT_MS);
    await registeredUser(page, user, mailbox);
    const elsewhere = await signedInElsewhere(browser, user.username, user.password);

    await page.goto("/account");
    await tabToAndPress(page, "link", "Delete your account");
    await expect(page.getByRole("heading", { name: "Delete your account" })).toBeVisible();
    await expect(page).toHaveTitle(/^Delete your account/);
    await expectAccessible(page);
    await page.emulateMedia({ colorScheme: "dark" });
    await expectAccessible(page);
    await page.emulateMedia({ colorScheme: "light" });

    // A wrong password first: the summary takes focus, the password is cleared.
    await tabToAndPress(page, "button", "Delete my account");
    await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeFocused();
    await page.getByLabel("Your password").focus();
    await page.keyboard.type("not the password at all, sorry");
    await page.keyboard.press("Enter");
    await expect(formAlert(page)).toHaveText("That is not your current password.");
    await expect(page.getByLabel("Your password")).toHaveValue("");

    await page.getByLabel("Your password").focus();
    await page.keyboard.type(user.password);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/login\?signedOut=deleted/);
    await expect(page.getByRole("status")).toContainText("Your account will be deleted in 7 days");

    // Every other session ended too.
    await elsewhere.page.goto("/account");
    await expect(elsewhere.page).toHaveURL(/\/login/);
    await elsewhere.context.close();
    const notice = await mailbox.waitFor(DELETION_SUBJECT);
    expect(notice.text).toMatch(/Sign in before .+ and the account stays/s);

    // Signing in keeps the account, and the page says so once.
    await signIn(page, user.username, user.password);
    await expect(page).toHaveURL(/\/account/);
    await expect(page.getByRole("status")).toContainText("your account will not be deleted");
    await expect(page).not.toHaveURL(/deletionCancelled/);
    await page.reload();
    await expect(page.getByText("your account will not be deleted")).toHaveCount(0);
  });
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("the deletion form refuses an empty password with the summary, then deletes", async ({
    page,
    user,
    mailbox,
  }) => {
    await registeredUser(page, user, mailbox);
    await page.goto("/account/delete");
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.locator(".error-summary")).toContainText("There is a problem");
    await expect(page.locator("#field-password-error")).toContainText("Enter your password");

    await page.getByLabel("Your password").fill(user.password);
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL(/\/login\?signedOut=deleted/);
    await mailbox.waitFor(DELETION_SUBJECT);
  });
});

test("a sign-in from a browser new to the account emails its owner; the sign-up's own and a known browser's do not", async ({
  page,
  browser,
  user,
  mailbox,
}) => {
  // The sign-up's first sign-in, then a sign-out and a sign-in in the same browser: no notice.
  await registeredUser(page, user, mailbox);
  await signOut(page);
  await signIn(page, user.username, user.password);
  await expect(page).toHaveURL(/\/account/);

  const elsewhere = await signedInElsewhere(browser, user.email, user.password);
  const notice = await mailbox.waitFor(NEW_SIGN_IN_SUBJECT);
  const text = notice.text!.replace(/\s+/g, " ");
  expect(text).toMatch(/from Chrome on \w+, a browser that had not signed in to it before/);
  expect(text).toMatch(/On .+\d{4}.+, someone signed in/);
  // The same new browser signing in again is known now.
  await signOut(elsewhere.page);
  await signIn(elsewhere.page, user.username, user.password);
  await expect(elsewhere.page).toHaveURL(/\/account/);
  await elsewhere.context.close();
  await page.waitForTimeout(2_000);
  const notices = (await mailbox.messages()).filter((message) => NEW_SIGN_IN_SUBJECT.test(message.subject));
  expect(notices).toHaveLength(1);
});
