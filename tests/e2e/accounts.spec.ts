import {
  signedInElsewhere,
  confirmationLink,
  expect,
  expectAccessible,
  formAlert,
  freshUser,
  registeredUser,
  screenshots,
  signIn,
  signOut,
  signUp,
  test,
} from "./fixtures";
import { decode } from "next-auth/jwt";
import { Mailbox } from "../support/mailbox";
import { AUTH_SECRET, MAIL_CATCHER } from "../support/servers";

test("sign up, confirm by email, and land on the account page", async ({ page, browser, user, mailbox }) => {
  await page.goto("/register");
  await expectAccessible(page);
  await screenshots(page, "register");

  await signUp(page, user);
  // The whole address, so a typo can be seen; the resend button is always enabled, the wait said beside it.
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Send the email again" })).toBeEnabled();
  await expect(page.getByText(/You can ask for another email in \d+ seconds/)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, "check-inbox");

  const link = await confirmationLink(mailbox);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, "confirm");

  // Opening the link (a GET, as a mail scanner would) did not confirm the account.
  const other = await browser.newPage();
  await signIn(other, user.username, user.password);
  await expect(formAlert(other)).toContainText("Confirm your email first");
  await other.close();

  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByText(user.username, { exact: true }).first()).toBeVisible();
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Email confirmed" })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, "account");

  // The link works once. Opened again by its owner, signed in, it says there is nothing left to do.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Your email is already confirmed" })).toBeVisible();
  await expect(page).toHaveTitle(/^Your email is already confirmed/);
  await expect(page.getByRole("button", { name: "Send me a new link" })).toHaveCount(0);
  // Anyone else (signed out) is told it was used.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link was already used" })).toBeVisible();
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });

  test("sign-up, confirmation and sign-in still work", async ({ page, user, mailbox }) => {
    await page.goto("/register");
    await page.getByLabel("Username").fill(user.username);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    // The server applies the same schema as the browser would have.
    await expect(page.locator("#field-password-error")).toContainText("Password must be 15 characters or more");
    await expect(page.getByLabel("Username")).toHaveValue(user.username);

    await signUp(page, user);
    await page.goto(await confirmationLink(mailbox));
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page).toHaveURL(/\/account/);

    await signOut(page);
    await signIn(page, user.email, user.password);
    await expect(page).toHaveURL(/\/account/);
  });
});

test("a wrong password and an unknown user get the same message", async ({ page, user, mailbox }) => {
  await registeredUser(page, user, mailbox);
  await page.context().clearCookies();

  const message = "That username or email and password do not match.";
  await signIn(page, user.username, "wrong password that is long enough");
  await expect(formAlert(page)).toHaveText(message);
  await signIn(page, `nobody_${Date.now()}`, "wrong password that is long enough");
  await expect(formAlert(page)).toHaveText(message);
  await expectAccessible(page);
  await screenshots(page, "login-error");
});

test("an unconfirmed sign-in offers a resend that delivers a working link", async ({ page, user, mailbox }) => {
  await signUp(page, user);
  await mailbox.waitFor(/Confirm your email/);
  await signIn(page, user.username, user.password);
  await expect(formAlert(page)).toContainText("Confirm your email first");
  await page.getByRole("button", { name: "Send a new confirmation link" }).click();
  await expect(page.getByRole("status")).toContainText("We sent a new confirmation link");

  const newest = await confirmationLink(mailbox, 2);
  await page.goto(newest);
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(/\/account/);
});

test("a used confirmation link offers a one-click new link", async ({ page, browser, user, mailbox }) => {
  await signUp(page, user);
  const link = await confirmationLink(mailbox);
  // Confirm in one browser, sign out; the link is now used.
  const first = await browser.newPage();
  await first.goto(link);
  await first.getByRole("button", { name: "Confirm my email" }).click();
  await expect(first).toHaveURL(/\/account/);
  await first.close();

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link was already used" })).toBeVisible();
  await page.getByRole("button", { name: "Send me a new link" }).click();
  await expect(page.getByRole("status")).toContainText("If your account still needs confirming");
  await expectAccessible(page);
});

test("/confirm names the username and the time of the sign-up each link confirms, and only that sign-up's password works", async ({
  page,
  browser,
  user,
  mailbox,
}) => {
  const attacker = { ...freshUser("attacker"), email: user.email, password: "attacker chose this 1234 long" };
  // In a browser of their own: a second sign-up from the same browser would withdraw the first.
  const attackersBrowser = await browser.newContext();
  await signUp(await attackersBrowser.newPage(), attacker);
  await attackersBrowser.close();
  const attackerLink = await confirmationLink(mailbox);
  await signUp(page, user);
  const victimLink = await confirmationLink(mailbox, 2);
  // The page shows the moment in the viewer's language (English here: "Nov 30, 2026, 09:49 PM UTC").
  const minute = /\w{3} \d{1,2}, \d{4}, \d{2}:\d{2} [AP]M UTC/;

  await page.goto(attackerLink);
  await expect(page.getByText(`This link confirms the sign-up as ${attacker.username} made on`)).toBeVisible();
  await page.goto(victimLink);
  const naming = page.getByText(`This link confirms the sign-up as ${user.username} made on`);
  await expect(naming).toBeVisible();
  await expect(naming).toContainText(minute);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(/\/account/);
  await expect(page.getByText(user.username).first()).toBeVisible();

  const other = await browser.newPage();
  await signIn(other, user.email, attacker.password);
  await expect(formAlert(other)).toContainText("do not match");
  await other.goto(attackerLink);
  await expect(other.getByRole("heading", { name: "This link was already used" })).toBeVisible();
  await other.close();
});

test("an invalid confirmation link says so clearly", async ({ page }) => {
  await page.goto("/confirm?token=not-a-real-token");
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await expect(page.getByRole("link", { name: "sign in", exact: true })).toBeVisible();
});

test("sign out everywhere ends another browser's session on its next request", async ({
  page,
  browser,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  const { context: laptop, page: other } = await signedInElsewhere(browser, user.username, user.password);

  await page.goto("/account/security");
  await page.getByRole("link", { name: "Sign out everywhere" }).click();
  // A confirmation step says what it will do.
  await expect(page.getByText("This signs out 2 sessions, including this one")).toBeVisible();
  await page.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=everywhere/);
  await expect(page.getByRole("status")).toContainText("signed out on every device");

  await other.goto("/account");
  await expect(other).toHaveURL(/\/login\?callbackUrl=%2Faccount/);
  await laptop.close();

  // The owner is told by email, with where it was done from and what to do if it was not them.
  const notice = await mailbox.waitFor(/was signed out on every device$/);
  expect(notice.text).toMatch(/“Sign out everywhere” was used on your account, from Chrome, (Windows|Linux|macOS), /);
  expect(notice.text).toContain("If this wasn’t you, someone else is signed in to your account");
});

test("the session cookie is Auth.js's own encrypted token for a revocable session, HttpOnly, Lax, 7 days", async ({
  page,
  browser,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  // "Keep me signed in" ticked: the cookie lasts as long as the session (unticked is tested with the form).
  const { context: laptop } = await signedInElsewhere(browser, user.username, user.password, { keepSignedIn: true });

  for (const context of [page.context(), laptop]) {
    const cookies = await context.cookies();
    expect(cookies.filter((cookie) => cookie.name.includes("session-token")).map((cookie) => cookie.name)).toEqual([
      "authjs.session-token",
    ]);
    const cookie = cookies.find((c) => c.name === "authjs.session-token")!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    const lifetimeDays = (cookie.expires * 1000 - Date.now()) / 86_400_000;
    expect(lifetimeDays).toBeGreaterThan(6.99);
    expect(lifetimeDays).toBeLessThanOrEqual(7);
    const claims = await decode({ token: cookie.value, secret: AUTH_SECRET, salt: "authjs.session-token" });
    // Only ids: the user and the Session row every request checks; nothing else about the person.
    expect(Object.keys(claims ?? {}).sort()).toEqual(["exp", "iat", "jti", "sid", "sub"]);
  }
  const [confirmation, signIn] = await Promise.all(
    [page.context(), laptop].map(async (context) =>
      (await context.cookies()).find((c) => c.name === "authjs.session-token")!,
    ),
  );
  const sids = await Promise.all(
    [confirmation, signIn].map(async (c) => (await decode({ token: c.value, secret: AUTH_SECRET, salt: c.name }))?.sid),
  );
  expect(sids[0]).not.toEqual(sids[1]);

  // Signing out revokes the row: the same cookie, replayed in another browser, no longer signs anyone in.
  await signOut(page);
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain("authjs.session-token");
  const replay = await browser.newContext();
  await replay.addCookies([{ ...confirmation, sameSite: "Lax" }]);
  const replayed = await replay.newPage();
  await replayed.goto("/account");
  await expect(replayed).toHaveURL(/\/login\?callbackUrl=%2Faccount/);
  await replay.close();
  await laptop.close();
});

test("signed-out visitors are sent to sign in and come back; foreign redirects are ignored", async ({
  page,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  await page.context().clearCookies();

  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount/);
  await expectAccessible(page);
  await screenshots(page, "login");
  await page.getByLabel("Username or email").fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);

  await page.context().clearCookies();
  await page.goto("/login?callbackUrl=//evil.example/steal");
  await page.getByLabel("Username or email").fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/localhost:\d+\/account$/);
});

test("a taken username is a field error; a registered email gets the same answer as a new one", async ({
  page,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  await page.context().clearCookies();

  const copycat = freshUser();
  await page.goto("/register");
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Email").fill(copycat.email);
  await page.getByLabel("Password", { exact: true }).fill(copycat.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#field-username-error")).toHaveText("Error: That username is taken. Try another.");
  // The error summary takes focus and links to the field.
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeFocused();

  await signUp(page, { ...copycat, email: user.email.toUpperCase() });
  const notice = await mailbox.waitFor(/Someone tried to sign up/);
  expect(notice.text).toContain(user.username);
  // No second confirmation email went to the owner.
  expect(
    (await new Mailbox(MAIL_CATCHER.httpUrl, user.email).messages()).filter((m) =>
      /Confirm your email/.test(m.subject),
    ),
  ).toHaveLength(1);
});

test("the password field gives strength feedback and can be shown", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Username").fill("strength_check");
  const password = page.getByLabel("Password", { exact: true });
  await password.fill("passwordpassword");
  await expect(page.locator("#field-password-hint")).toContainText("too easy to guess");
  await password.fill("velvet tundra orchestra 88 lantern");
  await expect(page.locator("#field-password-hint")).toContainText(/Strength: (Strong|Very strong)/);
  await page.getByRole("button", { name: "Show" }).first().click();
  await expect(password).toHaveAttribute("type", "text");
});

test("the sign-up form checks its fields on submit, in the browser, and posts nothing until they pass", async ({
  page,
}) => {
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request.url());
  });
  await page.goto("/register");
  const username = page.getByLabel("Username");
  await username.fill("ab");
  await username.blur();
  // Leaving a field says nothing yet: errors wait for the submit.
  await expect(page.locator("#field-username-error")).toHaveText("");
  await page.getByLabel("Email").fill("someone@example.test");
  await page.getByLabel("Password", { exact: true }).fill("velvet tundra orchestra 88 lantern");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#field-username-error")).toHaveText("Error: Usernames are at least 3 characters.");
  await expect(username).toHaveAttribute("aria-invalid", "true");
  // One password field: nothing asks for it twice.
  await expect(page.locator("#field-confirmPassword")).toHaveCount(0);
  // The summary takes focus and links to each field.
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle(/^Error: Create your account/);
  await summary.getByRole("link", { name: "Usernames are at least 3 characters." }).click();
  await expect(username).toBeFocused();
  // Once submitted, a field is checked again as it is corrected.
  await username.fill("valid_name");
  await expect(page.locator("#field-username-error")).toHaveText("");
  expect(posts).toEqual([]);
});
