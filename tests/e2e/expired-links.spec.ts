import { expect, freshUser, signUp, test } from "./fixtures";
import { linkIn, Mailbox } from "../support/mailbox";
import { MAIL_CATCHER, STRICT_TOKEN_TTL_SECONDS, STRICT_URL } from "../support/servers";

// Runs against the server whose links expire after STRICT_TOKEN_TTL_SECONDS.
const expire = () => new Promise((resolve) => setTimeout(resolve, (STRICT_TOKEN_TTL_SECONDS + 1) * 1000));

test("an expired confirmation link offers a one-click new link that works", async ({ page }) => {
  const user = freshUser("expired");
  const mailbox = new Mailbox(MAIL_CATCHER.httpUrl, user.email);
  await signUp(page, user, STRICT_URL);
  const link = linkIn(await mailbox.waitFor(/Confirm your email/), `${STRICT_URL}/confirm?token=`);
  await expire();

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link has expired" })).toBeVisible();
  await page.getByRole("button", { name: "Send me a new link" }).click();
  await expect(page.getByRole("status")).toContainText("a new link is on its way");

  await page.goto(linkIn(await mailbox.waitFor(/Confirm your email/, { count: 2 }), `${STRICT_URL}/confirm?token=`));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(/\/account/);
});

test("an expired reset link offers a one-click new link that works", async ({ page }) => {
  const user = freshUser("expired");
  const mailbox = new Mailbox(MAIL_CATCHER.httpUrl, user.email);
  await signUp(page, user, STRICT_URL);
  await page.goto(linkIn(await mailbox.waitFor(/Confirm your email/), `${STRICT_URL}/confirm?token=`));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(/\/account/);
  await page.context().clearCookies();

  await page.goto(`${STRICT_URL}/forgot-password`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Send me a reset link" }).click();
  const link = linkIn(await mailbox.waitFor(/Reset your/), `${STRICT_URL}/reset-password?token=`);
  await expire();

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This reset link has expired" })).toBeVisible();
  await page.getByRole("button", { name: "Send me a new link" }).click();
  await expect(page.getByRole("status")).toContainText("a new reset link is on its way");

  await page.goto(linkIn(await mailbox.waitFor(/Reset your/, { count: 2 }), `${STRICT_URL}/reset-password?token=`));
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
});
