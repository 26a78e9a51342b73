import { signedInElsewhere, expect, freshUser, registeredUser, signIn, test } from "./fixtures";
import { linkIn, Mailbox } from "../support/mailbox";
import { APP_URL, MAIL_CATCHER } from "../support/servers";

test("change email: the new address confirms, the old one is told and can undo it", async ({
  page,
  browser,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  const newEmail = freshUser("moved").email;
  const newMailbox = new Mailbox(MAIL_CATCHER.httpUrl, newEmail);

  await page.getByLabel("New email").fill(newEmail);
  await page.getByLabel("Your password").fill("not my password at all, sorry");
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.locator("#field-password-error")).toHaveText("That is not your current password.");

  await page.getByLabel("Your password").fill(user.password);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "We sent a link" })).toContainText(newEmail);
  // Nothing changes until the new address confirms.
  await page.reload();
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();

  await page.goto(linkIn(await newMailbox.waitFor(/Confirm your new email address/), `${APP_URL}/email-change?token=`));
  await page.getByRole("button", { name: "Use this address" }).click();
  await expect(page.getByRole("status")).toContainText("Your email address was changed");
  await page.goto("/account");
  await expect(page.getByText(newEmail, { exact: true })).toBeVisible();

  // The old address is told, with a link that puts it back and signs out every device.
  const { context: laptop, page: other } = await signedInElsewhere(browser, newEmail, user.password);
  const notice = await mailbox.waitFor(/email address of your .* account was changed/);
  await page.goto(linkIn(notice, `${APP_URL}/email-change?token=`));
  await page.getByRole("button", { name: "Undo the change and sign out everywhere" }).click();
  await expect(page.getByRole("status")).toContainText("Your previous address is back");

  await other.goto("/account");
  await expect(other).toHaveURL(/\/login/);
  await laptop.close();
  await signIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();
});
