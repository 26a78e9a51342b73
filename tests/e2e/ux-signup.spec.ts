import {
  confirmationLink,
  expect,
  expectAccessible,
  freshUser,
  screenshots,
  signIn,
  signUp,
  submitSignUp,
  test,
} from "./fixtures";

// "Check your inbox" after GOV.UK's "check your email": the whole address, a way to send the email again
// and a way to correct the address, without losing the username to one's own earlier sign-up.

test("a mistyped address is shown in full and can be changed: the link goes to the corrected address, for the same username", async ({
  page,
  user,
  mailbox,
}) => {
  const typo = { ...user, email: user.email.replace("@example.test", "@exmaple.test") };
  await signUp(page, typo);
  await expect(page.getByText(typo.email, { exact: true })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, "m2-check-inbox");

  await page.getByRole("link", { name: "Change your email address" }).click();
  await expect(page.getByRole("heading", { name: "Change your email address", level: 1 })).toBeVisible();
  await expect(page.getByText(user.username)).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveValue(typo.email);
  await expectAccessible(page);
  await screenshots(page, "m2-change-address");

  // The form pattern: a refused submit gets the summary, focused.
  await page.getByLabel("Email address").fill(user.email);
  await page.getByRole("button", { name: "Send the link to this address" }).click();
  await expect(page.locator(".error-summary")).toBeFocused();
  await expect(page.locator("#field-password-error")).toContainText("Enter a password.");

  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Send the link to this address" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Email address changed" })).toBeVisible();
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();
  await screenshots(page, "m2-check-inbox-changed");

  await page.goto(await confirmationLink(mailbox));
  await expect(page.getByText(user.username)).toBeVisible();
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();
});

test("signing up again from the same browser with the corrected address keeps the username", async ({
  page,
  user,
  mailbox,
}) => {
  await signUp(page, { ...user, email: user.email.replace("@example.test", "@exmaple.test") });
  // The usual reaction to a typo: the sign-up form again, same username, right address.
  await signUp(page, user);
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();
  await page.goto(await confirmationLink(mailbox));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(/\/account/);
});

test("another browser cannot take the username while the link works", async ({ page, browser, user }) => {
  await signUp(page, user);
  const other = await browser.newPage();
  const stranger = freshUser();
  await other.goto("/register");
  await submitSignUp(other, { ...stranger, username: user.username });
  await expect(other.locator("#field-username-error")).toContainText("That username is taken");
  await other.close();
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("'Send the email again' is a working button that says how long to wait", async ({ page, user }) => {
    await signUp(page, user);
    const resend = page.getByRole("button", { name: "Send the email again" });
    await expect(resend).toBeEnabled();
    await resend.click();
    await expect(page.getByText(/You can ask for another email in \d+ seconds/)).toBeVisible();
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  });

  test("the address can be changed", async ({ page, user, mailbox }) => {
    await signUp(page, { ...user, email: user.email.replace("@example.test", "@exmaple.test") });
    await page.getByRole("link", { name: "Change your email address" }).click();
    await page.getByLabel("Email address").fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Send the link to this address" }).click();
    await expect(page.getByText(user.email, { exact: true })).toBeVisible();
    await confirmationLink(mailbox);
  });
});

test("a link replaced by a newer one says so, and when the newer one was sent; the emails say they replace earlier links", async ({
  page,
  user,
  mailbox,
}) => {
  await signUp(page, user);
  const first = await confirmationLink(mailbox);
  await signIn(page, user.username, user.password);
  await page.getByRole("button", { name: "Send a new confirmation link" }).click();
  await expect(page.getByRole("status")).toContainText("We sent a new confirmation link");
  const message = await mailbox.waitFor(/Confirm your email/, { count: 2 });
  expect(message.text).toMatch(/Sent on .*UTC\. This link replaces any link we sent you earlier/);

  await page.goto(first);
  await expect(
    page.getByRole("heading", { name: "This link has been replaced by a newer one", level: 1 }),
  ).toBeVisible();
  await expect(page).toHaveTitle(/^This link has been replaced by a newer one/);
  await expect(page.getByText(/Nobody used it: we sent a newer confirmation link, on .*UTC/)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, "m3-confirm-replaced");

  // The newest link works.
  await page.goto(await confirmationLink(mailbox, 2));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(/\/account/);
  // The first link, opened by its signed-in owner, has nothing left to do; signed out, it still reads as
  // replaced (the confirmation voided it too), not as used by someone.
  await page.goto(first);
  await expect(page.getByRole("heading", { name: "Your email is already confirmed" })).toBeVisible();
  await page.context().clearCookies();
  await page.goto(first);
  await expect(page.getByRole("heading", { name: "This link has been replaced by a newer one" })).toBeVisible();
});

test("the welcome notice shows once: the address forgets it, so a reload does not bring it back", async ({
  page,
  user,
  mailbox,
}) => {
  await signUp(page, user);
  await page.goto(await confirmationLink(mailbox));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Welcome!" })).toBeVisible();
  await expect(page).toHaveURL(/\/account$/);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByText("Welcome!")).toHaveCount(0);
});
