import pg from "pg";
import { expect, freshUser, signUp, test } from "./fixtures";
import { linkIn, Mailbox } from "../support/mailbox";
import { APP_URL, e2eDatabaseUrl, MAIL_CATCHER, STRICT_TOKEN_TTL_SECONDS, STRICT_URL } from "../support/servers";

// On PostgreSQL the test ends a link's life in the server's database, on the main server (whose fresh links
// live long enough for any slow machine). On the embedded database, which only the server can open, it waits
// out the strict server's short-lived links instead.
const database = e2eDatabaseUrl(APP_URL);
const server = database ? APP_URL : STRICT_URL;

/** Makes every live link of `purpose` that was mailed to `email` an expired one. */
async function expireLinks(email: string, purpose: "confirm_email" | "reset_password") {
  if (!database) {
    await new Promise((resolve) => setTimeout(resolve, (STRICT_TOKEN_TTL_SECONDS + 1) * 1000));
    return;
  }
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      `UPDATE "Token" SET "expiresAt" = now() - interval '1 second'
        WHERE purpose = $2 AND "expiresAt" > now() AND "userId" = (SELECT id FROM "User" WHERE email = $1)`,
      [email, purpose],
    );
    expect(rowCount).toBeGreaterThan(0);
  } finally {
    await client.end();
  }
}

test("an expired confirmation link offers a one-click new link that works", async ({ page }) => {
  const user = freshUser("expired");
  const mailbox = new Mailbox(MAIL_CATCHER.httpUrl, user.email);
  await signUp(page, user, server);
  const link = linkIn(await mailbox.waitFor(/Confirm your email/), `${server}/confirm?token=`);
  await expireLinks(user.email, "confirm_email");

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link has expired" })).toBeVisible();
  await page.getByRole("button", { name: "Send me a new link" }).click();
  await expect(page.getByRole("status")).toContainText("a new link is on its way");

  await page.goto(linkIn(await mailbox.waitFor(/Confirm your email/, { count: 2 }), `${server}/confirm?token=`));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(/\/account/);
});

test("an expired reset link offers a one-click new link that works", async ({ page }) => {
  const user = freshUser("expired");
  const mailbox = new Mailbox(MAIL_CATCHER.httpUrl, user.email);
  await signUp(page, user, server);
  await page.goto(linkIn(await mailbox.waitFor(/Confirm your email/), `${server}/confirm?token=`));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(/\/account/);
  await page.context().clearCookies();

  await page.goto(`${server}/forgot-password`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Send me a reset link" }).click();
  const link = linkIn(await mailbox.waitFor(/Reset your/), `${server}/reset-password?token=`);
  await expireLinks(user.email, "reset_password");

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This reset link has expired" })).toBeVisible();
  await page.getByRole("button", { name: "Send me a new link" }).click();
  await expect(page.getByRole("status")).toContainText("a new reset link is on its way");

  await page.goto(linkIn(await mailbox.waitFor(/Reset your/, { count: 2 }), `${server}/reset-password?token=`));
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
});
