import type { Page } from "@playwright/test";
import crypto from "node:crypto";
import pg from "pg";
import {
  changedEmail,
  expect,
  expectAccessible,
  formAlert,
  freshUser,
  registeredUser,
  signedInElsewhere,
  signIn,
  test,
  STORY_TIMEOUT_MS,
} from "./fixtures";
import { linkIn, Mailbox } from "../support/mailbox";
import { APP_URL, e2eDatabaseUrl, MAIL_CATCHER } from "../support/servers";

const ATTACKER_PASSWORD = "attacker picked this one 31 lanterns";
const OWNER_PASSWORD = "owner takes it back 58 orchards";

test("change email: the new address confirms, the old one is told and can undo it even after a password change", async ({
  page,
  browser,
  user,
  mailbox,
}) => {
  test.setTimeout(STORY_TIMEOUT_MS);
  await registeredUser(page, user, mailbox);
  const newEmail = freshUser("moved").email;
  const newMailbox = new Mailbox(MAIL_CATCHER.httpUrl, newEmail);

  await page.getByLabel("New email").fill(newEmail);
  await page.getByLabel("Your password").fill("not my password at all, sorry");
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.locator("#field-password-error")).toHaveText("Error: That is not your current password.");

  await page.getByLabel("Your password").fill(user.password);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "We sent a link" })).toContainText(newEmail);
  // Nothing changes until the new address confirms.
  await page.reload();
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();

  await page.goto(linkIn(await newMailbox.waitFor(/Confirm your new email address/), `${APP_URL}/email-change?token=`));
  await page.getByRole("button", { name: "Use this address" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Email address changed");
  await page.goto("/account");
  await expect(page.getByText(newEmail, { exact: true })).toBeVisible();

  // Whoever made the change (an attacker with the session, say) then sets a password of their own.
  const { context: laptop, page: other } = await signedInElsewhere(browser, newEmail, user.password);
  await other.getByLabel("Current password").fill(user.password);
  await other.getByLabel("New password", { exact: true }).fill(ATTACKER_PASSWORD);
  await other.getByLabel("Repeat new password").fill(ATTACKER_PASSWORD);
  await other.getByRole("button", { name: "Change password" }).click();
  await expect(other).toHaveURL(/\/account/);
  await expect(other.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();

  // The old address was told, with a link that still puts it back, with a new password, signed in here.
  const notice = await mailbox.waitFor(/email address of your .* account was changed/);
  await page.goto(linkIn(notice, `${APP_URL}/email-change?token=`));
  await expect(page.getByRole("heading", { name: "Undo the email change" })).toBeVisible();
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("Repeat new password").fill("short");
  await page.getByRole("button", { name: "Undo the change and sign out everywhere" }).click();
  await expect(page.locator("#field-password-error")).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill(OWNER_PASSWORD);
  await page.getByLabel("Repeat new password").fill(OWNER_PASSWORD);
  await page.getByRole("button", { name: "Undo the change and sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByRole("status").filter({ hasText: "Your previous email address is back" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Your previous email address is back");
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();

  await other.goto("/account");
  await expect(other).toHaveURL(/\/login/);
  // Neither the attacker's password nor the old one opens the account any more.
  await signIn(other, user.email, ATTACKER_PASSWORD);
  await expect(formAlert(other)).toBeVisible();
  await signIn(other, user.email, user.password);
  await expect(formAlert(other)).toBeVisible();
  await signIn(other, user.email, OWNER_PASSWORD);
  await expect(other).toHaveURL(/\/account/);
  await laptop.close();
});

test("change email to an address another account uses: the same answer, and the holder is told instead", async ({
  page,
  browser,
  user,
  mailbox,
}) => {
  const holder = freshUser("holder");
  const holderMailbox = new Mailbox(MAIL_CATCHER.httpUrl, holder.email);
  const holderContext = await browser.newContext();
  await registeredUser(await holderContext.newPage(), holder, holderMailbox);
  await holderContext.close();
  await registeredUser(page, user, mailbox);

  await page.getByLabel("New email").fill(holder.email);
  await page.getByLabel("Your password").fill(user.password);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "We sent a link" })).toContainText(holder.email);
  const notice = await holderMailbox.waitFor(/Someone tried to use your address for another/);
  expect(notice.text).toContain(holder.username);
  expect(notice.text).not.toContain("/email-change?token=");
  expect((await holderMailbox.messages()).filter((m) => /Confirm your new email address/.test(m.subject))).toHaveLength(
    0,
  );
  // The activity log shows the same entry as for a free address.
  await page.reload();
  await expect(page.getByText("Email change requested").first()).toBeVisible();
});

/** Makes the mailed undo link `link` an expired one, in the server's database. */
async function expireUndoLink(link: string) {
  const hash = crypto.createHash("sha256").update(new URL(link).searchParams.get("token")!).digest("hex");
  const client = new pg.Client({ connectionString: e2eDatabaseUrl(APP_URL)! });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `UPDATE "Token" SET "expiresAt" = now() - interval '1 second' WHERE hash = $1`,
      [hash],
    );
    expect(rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

test("a used undo link says the previous address is back and offers a password reset; an expired one says so", async ({
  page,
  user,
  mailbox,
}) => {
  test.setTimeout(STORY_TIMEOUT_MS);
  await registeredUser(page, user, mailbox);
  const undo = await changedEmail(page, user, mailbox, freshUser("undone").email);
  await page.goto(undo);
  await page.getByLabel("New password", { exact: true }).fill(OWNER_PASSWORD);
  await page.getByLabel("Repeat new password").fill(OWNER_PASSWORD);
  await page.getByRole("button", { name: "Undo the change and sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/account/);

  await page.goto(undo);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This undo link was already used");
  await expect(page).toHaveTitle(/^This undo link was already used/);
  await expect(page.locator("main")).toContainText("Your previous address is back.");
  await expect(page.locator("main")).not.toContainText("change your address again");
  const reset = page.getByRole("link", { name: "Reset your password" });
  await expect(reset).toHaveAttribute("href", "/forgot-password");
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "light" });
  // The way on is reachable by keyboard.
  await reset.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/forgot-password/);

  test.skip(!e2eDatabaseUrl(APP_URL), "the expired case ages the link in the server's PostgreSQL database");
  const later = await changedEmail(page, { ...user, password: OWNER_PASSWORD }, mailbox, freshUser("later").email, 2);
  await expireUndoLink(later);
  await page.goto(later);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This undo link has expired");
  await expect(page).toHaveTitle(/^This undo link has expired/);
  await expect(page.getByRole("link", { name: "your account", exact: true })).toHaveAttribute("href", "/account");
});

/** Asks for a change to `newEmail` on /account and opens the confirmation link mailed there. */
async function openConfirmationLink(page: Page, password: string, newEmail: string) {
  await page.goto("/account");
  await page.getByLabel("New email").fill(newEmail);
  await page.getByLabel("Your password").fill(password);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "We sent a link" })).toContainText(newEmail);
  const confirmation = await new Mailbox(MAIL_CATCHER.httpUrl, newEmail).waitFor(/Confirm your new email address/);
  await page.goto(linkIn(confirmation, `${APP_URL}/email-change?token=`));
}

test("the confirm page names the address and the account; once used, the whole card says so, focused and titled, by keyboard", async ({
  page,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  const newEmail = freshUser("named").email;
  await openConfirmationLink(page, user.password, newEmail);
  // The old address heard of the request before anything changed.
  const requested = await mailbox.waitFor(/Someone asked to change the email address of your/);
  expect(requested.text).toContain(newEmail);

  const card = page.locator(".card");
  await expect(card).toContainText(
    `Use ${newEmail} for the account ${user.username}? We’ll let your old address know.`,
  );
  await expect(card.locator("strong")).toHaveText([newEmail, user.username]);
  await expect(page).toHaveTitle(/^Use this email address/);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Use this address" }).focus();
  await page.keyboard.press("Enter");
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText("Email address changed");
  await expect(heading).toBeFocused();
  await expect(page).toHaveTitle(/^Email address changed/);
  await expect(card).toContainText(`The account ${user.username} now uses ${newEmail}`);
  await expect(card).not.toContainText("Use this email address");
  await expect(page.getByRole("button", { name: "Use this address" })).toHaveCount(0);
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "light" });
  // A long address wraps inside the card on a small screen.
  await page.setViewportSize({ width: 320, height: 700 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(
    true,
  );
  await page.setViewportSize({ width: 1280, height: 800 });

  // Opened again, the link says the same.
  await page.reload();
  await expect(heading).toHaveText("Email address changed");
  await expect(page).toHaveTitle(/^Email address changed/);
  await page.getByRole("link", { name: "Go to your account" }).click();
  await expect(page.getByText(newEmail, { exact: true })).toBeVisible();
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("the confirm page's answer is the whole card saying the address changed, titled", async ({
    page,
    user,
    mailbox,
  }) => {
    await registeredUser(page, user, mailbox);
    const newEmail = freshUser("nojs").email;
    await openConfirmationLink(page, user.password, newEmail);
    await expect(page.locator(".card")).toContainText(`Use ${newEmail} for the account ${user.username}?`);
    await page.getByRole("button", { name: "Use this address" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Email address changed");
    await expect(page).toHaveTitle(/^Email address changed/);
    await expect(page.locator(".card")).toContainText(`The account ${user.username} now uses ${newEmail}`);
    await expect(page.getByRole("button", { name: "Use this address" })).toHaveCount(0);
  });
});
