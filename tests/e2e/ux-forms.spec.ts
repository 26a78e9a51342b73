import type { Page } from "@playwright/test";
import { confirmationLink, expect, expectAccessible, registeredUser, signIn, signOut, test } from "./fixtures";

// The form pattern every page follows (checked on submit, an error summary that takes focus on every failed
// submit, "Error: " in the title and before each inline message, buttons that keep focus), the targeted
// sign-in pause that a known browser gets through, and "Keep me signed in". Driven by keyboard only.

// Several sign-ins and page loads each; the shared test machine is slow.
test.describe.configure({ timeout: 180_000 });

const summary = (page: Page) => page.getByRole("alert").filter({ hasText: "There is a problem" });

/** Marks the current summary element, to tell a re-rendered summary from the same node left in place. */
async function markSummary(page: Page) {
  await summary(page).evaluate((element) => element.setAttribute("data-seen", "1"));
}

test.describe("keyboard only", () => {
  test("leaving empty fields says nothing; a submit shows the summary, focused, and titles the page", async ({
    page,
  }) => {
    await page.goto("/register");
    await page.getByLabel("Username").focus();
    // Tab through every field of the empty form without typing.
    for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
    await expect(page.locator(".field .error:not(:empty)")).toHaveCount(0);
    await expect(page.locator("[aria-invalid=true]")).toHaveCount(0);
    await expect(page).toHaveTitle(/^Create your account/);

    await page.getByRole("button", { name: "Create account" }).focus();
    await page.keyboard.press("Enter");
    await expect(summary(page)).toBeFocused();
    await expect(summary(page).getByRole("link")).toHaveText([
      "Enter a username.",
      "Enter your email address.",
      "Enter a password.",
    ]);
    await expect(page).toHaveTitle(/^Error: Create your account/);
    // Each inline message starts with "Error:", for screen readers only.
    await expect(page.locator("#field-email-error .visually-hidden")).toHaveText("Error: ");
    await expect(page.getByLabel("Email")).toHaveAccessibleDescription("Error: Enter your email address.");
    await expectAccessible(page);

    // A link in the summary moves focus to its field.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Enter your email address." })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Email")).toBeFocused();
  });

  test("every failed sign-in is announced and focused again, the password is cleared, focus never drops", async ({
    page,
    user,
    mailbox,
  }) => {
    await registeredUser(page, user, mailbox);
    await page.context().clearCookies();
    await page.goto("/login");
    for (let round = 1; round <= 2; round++) {
      await page.getByLabel("Username or email").fill(user.username);
      await page.getByLabel("Password", { exact: true }).fill(`wrong password number ${round}`);
      await page.getByRole("button", { name: "Sign in", exact: true }).focus();
      await page.keyboard.press("Enter");
      // While the form is sent the button keeps focus (aria-disabled, never disabled).
      await expect(page.locator("body")).not.toBeFocused();
      await expect(summary(page)).toBeFocused();
      await expect(summary(page)).toContainText("That username or email and password do not match.");
      // The same message a second time is a new alert (announced again), not the old one left in place.
      await expect(summary(page)).not.toHaveAttribute("data-seen", "1");
      await markSummary(page);
      await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
      await expect(page).toHaveTitle(/^Error: Sign in/);
      await expect(summary(page).getByRole("link", { name: "Forgot your password?" })).toBeVisible();
    }
    await expectAccessible(page);
  });

  test("a sign-in paused by others' wrong passwords lets a browser that signed in before through", async ({
    page,
    browser,
    request,
    user,
    mailbox,
  }) => {
    await registeredUser(page, user, mailbox);
    // This browser has signed in to the account once (the confirmation signed it in; a sign-in sets the cookie).
    await signOut(page);
    await signIn(page, user.username, user.password);
    await expect(page).toHaveURL(/\/account/);
    await signOut(page);

    // Someone else guesses: enough wrong passwords to pause the name.
    for (let i = 0; i < 10; i++) {
      await request.post("/api/login", { data: { username: user.username, password: `guess ${i} ${i} ${i} ${i}` } });
    }

    // A browser the account does not know is paused, and told a reset works now.
    const stranger = await browser.newContext();
    const other = await stranger.newPage();
    await signIn(other, user.username, user.password);
    await expect(summary(other)).toContainText("Sign-in to this account is paused");
    await expect(summary(other).getByRole("link", { name: "reset your password" })).toHaveAttribute(
      "href",
      "/forgot-password",
    );
    await expectAccessible(other);
    await stranger.close();

    // The owner's own browser signs in.
    await signIn(page, user.username, user.password);
    await expect(page).toHaveURL(/\/account/);
  });

  test("a short wait is counted down on the page, and the button waits with it", async ({
    page,
    request,
    user,
    mailbox,
  }) => {
    await registeredUser(page, user, mailbox);
    await page.context().clearCookies();
    // Eight failures: the ninth attempt waits 16 seconds (the pause starts at the tenth).
    for (let i = 0; i < 8; i++) {
      await request.post("/api/login", { data: { username: user.username, password: `guess ${i} ${i} ${i} ${i}` } });
    }
    await signIn(page, user.username, "one more wrong password");
    await expect(summary(page)).toContainText(/Please wait \d+ seconds? before trying again/);
    const countdown = summary(page).locator(".countdown");
    await expect(countdown).toContainText(/You can try again in \d+ seconds?/);
    await expect(page.getByRole("button", { name: /Wait \d+ s/ })).toHaveAttribute("aria-disabled", "true");
    // It counts down to zero and the button is back.
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible({ timeout: 40_000 });
  });
});

test.describe("Keep me signed in", () => {
  test("unticked, the session cookie ends with the browser; ticked, it lasts", async ({ page, user, mailbox }) => {
    await registeredUser(page, user, mailbox);
    await page.context().clearCookies();
    await signIn(page, user.username, user.password);
    await expect(page).toHaveURL(/\/account/);
    const sessionCookie = async () =>
      (await page.context().cookies()).find((cookie) => cookie.name.endsWith("authjs.session-token"));
    expect((await sessionCookie())?.expires).toBe(-1);

    await page.context().clearCookies();
    await page.goto("/login");
    await page.getByLabel("Username or email").fill(user.username);
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByLabel("Keep me signed in").check();
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/account/);
    expect((await sessionCookie())?.expires).toBeGreaterThan(Date.now() / 1000 + 3600);
  });
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("a refused form comes back with the summary focused, the title marked and the messages marked", async ({
    page,
  }) => {
    await page.goto("/register");
    await page.getByLabel("Username").fill("ab");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(summary(page)).toBeVisible();
    await expect(summary(page)).toBeFocused();
    await expect(page).toHaveTitle(/^Error: Create your account/);
    await expect(summary(page).getByRole("link", { name: "Usernames are at least 3 characters." })).toHaveAttribute(
      "href",
      "#field-username",
    );
    await expect(page.locator("#field-username-error")).toHaveText("Error: Usernames are at least 3 characters.");
    // No "Show" button that would do nothing without JavaScript.
    await expect(page.getByRole("button", { name: /Show/ })).toHaveCount(0);
    // (axe runs in the page's JavaScript, so it checks this state in the keyboard test above instead.)
  });

  test("a wrong password comes back cleared, with the summary and a way to reset", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Username or email").fill("nobody_here");
    await page.getByLabel("Password", { exact: true }).fill("not the right password at all");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(summary(page)).toBeFocused();
    await expect(summary(page).getByRole("link", { name: "Forgot your password?" })).toBeVisible();
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
    await expect(page.getByLabel("Username or email")).toHaveValue("nobody_here");
  });
});

/** The space between the link named `name` and the lowest button above it. */
async function gapAboveLink(page: Page, name: string) {
  return page
    .locator("main")
    .getByRole("link", { name, exact: true })
    .evaluate((link) => {
      const top = link.getBoundingClientRect().top;
      const bottoms = [...document.querySelectorAll("button, .button")]
        .map((button) => button.getBoundingClientRect())
        .filter((box) => box.height > 0 && box.bottom <= top)
        .map((box) => box.bottom);
      return top - Math.max(...bottoms);
    });
}

for (const width of [1280, 360]) {
  test(`links under a full-width button keep about 1rem from it (${width} px)`, async ({ page, user, mailbox }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto("/login");
    expect(await gapAboveLink(page, "Forgot your password?")).toBeGreaterThanOrEqual(16);
    await page.goto("/register");
    expect(await gapAboveLink(page, "Sign in")).toBeGreaterThanOrEqual(16);
    // A dead end: a confirmation link opened again, signed out.
    await registeredUser(page, user, mailbox);
    await page.context().clearCookies();
    await page.goto(await confirmationLink(mailbox));
    await expect(page.getByRole("button", { name: "Send me a new link" })).toBeVisible();
    expect(await gapAboveLink(page, "Sign in")).toBeGreaterThanOrEqual(16);
  });
}

test("sign-up asks for the password once, with a Show button, and a keyboard alone gets through it", async ({
  page,
  user,
}) => {
  await page.goto("/register");
  await expect(page.locator("input[type=password]")).toHaveCount(1);
  await expect(page.getByLabel(/Repeat/)).toHaveCount(0);
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "light" });

  await page.getByLabel("Username").focus();
  await page.keyboard.type(user.username);
  await page.keyboard.press("Tab");
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(user.password);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Show password" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("type", "text");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Create account" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
});

test.describe("sign-up without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("takes the password once", async ({ page, user }) => {
    await page.goto("/register");
    await expect(page.locator("input[type=password]")).toHaveCount(1);
    await page.getByLabel("Username").fill(user.username);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  });
});
