import {
  signedInElsewhere,
  expect,
  expectAccessible,
  formAlert,
  freshUser,
  registeredUser,
  screenshots,
  signIn,
  test,
  STORY_TIMEOUT_MS,
} from "./fixtures";
import { linkIn, Mailbox } from "../support/mailbox";
import { APP_URL, MAIL_CATCHER } from "../support/servers";

const NEW_PASSWORD = "quartz meadow bicycle 17 harbour";

async function requestReset(page: import("@playwright/test").Page, email: string) {
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText(`If an account exists for ${email.toLowerCase()}`);
}

async function resetLink(mailbox: Mailbox, count = 1) {
  return linkIn(await mailbox.waitFor(/Reset your .* password/, { count }), `${APP_URL}/reset-password?token=`);
}

test("forgot password: email, new password, signed in here and out everywhere else", async ({
  page,
  browser,
  user,
  mailbox,
}) => {
  test.setTimeout(STORY_TIMEOUT_MS);
  await registeredUser(page, user, mailbox);
  const { context: laptop, page: other } = await signedInElsewhere(browser, user.username, user.password);
  await page.context().clearCookies();

  await page.goto("/forgot-password");
  await expectAccessible(page);
  await screenshots(page, "forgot-password");
  await requestReset(page, user.email);

  const link = await resetLink(mailbox);
  const response = await page.goto(link);
  // The token left the address bar, and the page keeps it from other sites and caches.
  await expect(page).toHaveURL(`${APP_URL}/reset-password`);
  expect(response?.headers()["referrer-policy"]).toBe("same-origin");
  expect(response?.headers()["cache-control"]).toContain("no-store");
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, "reset-password");

  // A password that breaks the policy is refused with the reason, and the link keeps working.
  await page.getByLabel("New password", { exact: true }).fill(`${user.username}-is-my-password`);
  await page.getByLabel("Repeat new password").fill(`${user.username}-is-my-password`);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.locator("#field-password-error")).toContainText("must not contain your username");

  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Repeat new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Your password was changed");

  await other.goto("/account");
  await expect(other).toHaveURL(/\/login/);
  await laptop.close();

  const notice = await mailbox.waitFor(/password was changed/);
  expect(notice.text).toContain("This wasn’t me");

  await page.context().clearCookies();
  await signIn(page, user.username, user.password);
  await expect(formAlert(page)).toHaveText("That username or email and password do not match.");
  await signIn(page, user.username, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/account/);

  // The link was used up.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This reset link was already used" })).toBeVisible();
});

test("an unknown address gets the same answer and no email", async ({ page, mailbox, user, request }) => {
  await requestReset(page, user.email);
  // A sign-up of another address queues its email after anything the request above could have queued (the
  // outbox sends in order): once it has arrived, the unknown address must still have nothing.
  const sentinel = freshUser("sentinel");
  const response = await request.post("/api/registration", {
    data: { username: sentinel.username, email: sentinel.email, password: sentinel.password },
  });
  expect(response.status()).toBe(201);
  await new Mailbox(MAIL_CATCHER.httpUrl, sentinel.email).waitFor(/Confirm your email/);
  expect(await mailbox.messages()).toEqual([]);
});

test("a used reset link offers a one-click new link that works", async ({ page, user, mailbox }) => {
  await registeredUser(page, user, mailbox);
  await page.context().clearCookies();
  await requestReset(page, user.email);
  const first = await resetLink(mailbox);
  // "Nothing arrived?": one press sends it again.
  await page.getByRole("button", { name: "Send it again" }).click();
  await expect(page.getByRole("status")).toContainText(
    `If an account exists for ${user.email}, we sent it another link`,
  );
  await resetLink(mailbox, 2);

  // The newer link replaced the older one, and the page says so rather than "used".
  await page.goto(first);
  await expect(page.getByRole("heading", { name: "This reset link has been replaced by a newer one" })).toBeVisible();
  await expect(page.getByText(/Nobody used it: a newer reset link was sent, on .*UTC/)).toBeVisible();
  await page.getByRole("button", { name: "Send me a new link" }).click();
  await expect(page.getByRole("status")).toContainText("a new reset link is on its way");

  await page.goto(await resetLink(mailbox, 3));
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Repeat new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();
});

test("change password on the account page ends other sessions and sends a notice", async ({
  page,
  browser,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  const { context: laptop, page: other } = await signedInElsewhere(browser, user.username, user.password);

  await page.getByLabel("Current password").fill("not my password at all, sorry");
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Repeat new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#field-currentPassword-error")).toHaveText("Error: That is not your current password.");

  await page.getByLabel("Current password").fill(user.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();
  await mailbox.waitFor(/password was changed/);

  await other.goto("/account");
  await expect(other).toHaveURL(/\/login/);
  await laptop.close();
});

test("“Send it again” on the sent page sends another link, by keyboard, and says so again", async ({
  page,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  await page.context().clearCookies();
  await requestReset(page, user.email);
  await expect(page).toHaveTitle(/^Check your email/);
  const again = page.getByRole("button", { name: "Send it again" });
  await again.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText(`we sent it another link. Only the newest link works.`);
  await expect(page.getByRole("status")).toBeFocused();
  await resetLink(mailbox, 2);
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page);
  // A different address: the form again, with the address to correct.
  await page.getByRole("link", { name: "Use a different email address" }).click();
  await expect(page.getByLabel("Email")).toHaveValue(user.email.toLowerCase());
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("“Send it again” on the sent page works without JavaScript", async ({ page, user, mailbox }) => {
    await registeredUser(page, user, mailbox);
    await page.context().clearCookies();
    await requestReset(page, user.email);
    await page.getByRole("button", { name: "Send it again" }).click();
    await expect(page.getByRole("status")).toContainText("we sent it another link");
    const second = await resetLink(mailbox, 2);
    // The newest link is the one that works.
    await page.goto(second);
    await expect(page.getByLabel("New password", { exact: true })).toBeVisible();
  });
});
