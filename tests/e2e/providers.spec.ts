import type { Page } from "@playwright/test";
import { confirmationLink, expect, formAlert, registeredUser, signIn, test } from "./fixtures";
import { Mailbox } from "../support/mailbox";
import { APP_URL, MAIL_CATCHER, OIDC, SPA_LINKS_URL, STRICT_URL } from "../support/servers";

// Sign-in through a real OpenID Connect provider (tests/support/oidc-provider.ts), through the real
// redirects: the app's /login → the provider's login form → the app's /api/auth/callback/oidc.

const SHOTS = "docs/screenshots";

function idpLogin(prefix: string) {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** At the provider: signs in as `login` and grants access; the browser then heads back to the app. */
async function atProvider(page: Page, login: string) {
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  // The provider asks for consent the first time this person uses the app.
  await page.waitForURL((url) => url.origin === APP_URL || url.pathname.includes("interaction"));
  if (new URL(page.url()).origin !== APP_URL) await consent.click();
  await page.waitForURL((url) => url.origin === APP_URL && !url.pathname.startsWith("/api/auth"));
}

async function continueWithProvider(page: Page, login: string, from = "/login") {
  await page.goto(from);
  await page.getByRole("button", { name: `Continue with ${OIDC.name}` }).click();
  await page.waitForURL((url) => url.origin === OIDC.issuer);
  await atProvider(page, login);
}

test("a new person signs up through the provider, picks a username, and signs back in to the same account", async ({
  page,
}) => {
  const login = idpLogin("newbie");
  await page.goto("/login");
  await page.screenshot({ path: `${SHOTS}/provider-buttons-login.png`, fullPage: true });
  await continueWithProvider(page, login);

  await expect(page).toHaveURL(/\/register\/username$/);
  await expect(page.getByRole("heading", { name: "Choose your username" })).toBeVisible();
  await expect(page.getByText(`${login}@idp.example`)).toBeVisible();
  await expect(page.getByLabel("Username")).toHaveValue(login);
  await page.screenshot({ path: `${SHOTS}/provider-username-step.png`, fullPage: true });
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveURL(/\/account\?welcome=1/);
  await expect(page.getByText(`${login}@idp.example`)).toBeVisible();

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(`${APP_URL}/`);
  await continueWithProvider(page, login);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("definition").filter({ hasText: login }).first()).toBeVisible();

  await page.goto("/account/security");
  await expect(page.getByRole("row", { name: new RegExp(`${OIDC.name}.*Connected on`) })).toBeVisible();
});

test("an address the provider does not vouch for gets a confirmation email before the account works", async ({
  page,
}) => {
  const login = idpLogin("unverified");
  await continueWithProvider(page, login);
  await expect(page).toHaveURL(/\/register\/username$/);
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  // Until the address is confirmed, the provider sign-in is refused with the usual message.
  await continueWithProvider(page, login);
  await expect(formAlert(page)).toContainText("Confirm your email first");

  const mailbox = new Mailbox(MAIL_CATCHER.httpUrl, `${login}@idp.example`);
  await page.goto(await confirmationLink(mailbox));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(/\/account/);
});

test("an existing account's address is never linked silently; connecting from the security page links it", async ({
  page,
  user,
  mailbox,
}) => {
  await registeredUser(page, user, mailbox);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();

  // The provider says this person has the account's address: no sign-in, a message, and a notice.
  await continueWithProvider(page, user.email);
  await expect(page).toHaveURL(/\/login\?provider_error=email_taken/);
  await expect(formAlert(page)).toContainText(
    `An account with this email exists: sign in with your password first, then connect ${OIDC.name} from your security page.`,
  );
  await mailbox.waitFor(new RegExp(`Someone tried to sign in to .* with ${OIDC.name}`));
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, user.username, user.password);
  await expect(page).toHaveURL(/\/account/);
  await page.goto("/account/security");
  await page.getByRole("button", { name: `Connect ${OIDC.name}` }).click();
  await page.waitForURL((url) => url.origin === OIDC.issuer);
  await atProvider(page, user.email);
  await expect(page).toHaveURL(/\/account\/security\?connected=oidc/);
  await expect(page.getByRole("status")).toContainText(`${OIDC.name} is connected`);
  await page.screenshot({ path: `${SHOTS}/provider-connected-accounts.png`, fullPage: true });

  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await continueWithProvider(page, user.email);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(user.username).first()).toBeVisible();

  // With a password as well, the provider may go.
  await page.goto("/account/security");
  await page.getByRole("button", { name: `Disconnect ${OIDC.name}` }).click();
  await expect(page.getByRole("status")).toContainText(`${OIDC.name} is disconnected`);
});

test("disconnecting the last way to sign in is refused", async ({ page }) => {
  const login = idpLogin("onlyway");
  await continueWithProvider(page, login);
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveURL(/\/account\?welcome=1/);

  await page.goto("/account/security");
  await page.getByRole("button", { name: `Disconnect ${OIDC.name}` }).click();
  await expect(formAlert(page)).toContainText("is your only way to sign in");
  await expect(page.getByRole("row", { name: new RegExp(`${OIDC.name}.*Connected on`) })).toBeVisible();
  // And the account still signs in with it.
  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await continueWithProvider(page, login);
  await expect(page).toHaveURL(/\/account$/);
});

test("a tampered state, a replayed callback and a callback address on another origin are refused", async ({
  page,
  browser,
}) => {
  const login = idpLogin("careful");
  // Hold the provider's redirect back to the app, to replay it changed and unchanged.
  let callback = "";
  await page.route(`${APP_URL}/api/auth/callback/oidc**`, async (route) => {
    if (!callback) {
      callback = route.request().url();
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await page.goto("/login");
  await page.getByRole("button", { name: `Continue with ${OIDC.name}` }).click();
  await page.waitForURL((url) => url.origin === OIDC.issuer);
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // The provider asks for consent the first time; the redirect back is held by the route above.
  await page
    .getByRole("button", { name: "Continue" })
    .click({ timeout: 5_000 })
    .catch(() => {});
  await expect.poll(() => callback, { timeout: 20_000 }).toContain("/api/auth/callback/oidc");

  const tampered = new URL(callback);
  tampered.searchParams.set("state", `${tampered.searchParams.get("state")}x`);
  await page.goto(tampered.toString());
  await expect(page).toHaveURL(/\/login\?error=/);
  await expect(formAlert(page)).toContainText("Signing in with the provider did not work");
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?callbackUrl/);

  // The same callback in another browser (no state cookie of its own) is refused too.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(callback);
  await expect(otherPage).toHaveURL(/\/login\?error=/);
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/login\?callbackUrl/);
  await other.close();

  // The provider refuses to send its answer to an address on another origin.
  const authorize = new URL(`${OIDC.issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: OIDC.clientId,
    response_type: "code",
    scope: "openid email",
    redirect_uri: "http://evil.example/api/auth/callback/oidc",
    state: "s",
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
  }).toString();
  const refused = await page.request.get(authorize.toString(), { maxRedirects: 0 });
  expect(refused.status()).toBe(400);
  expect(await refused.text()).toContain("redirect_uri");
  // And after a sign-in the app only goes to its own pages, whatever callbackUrl asked for.
  await page.unroute(`${APP_URL}/api/auth/callback/oidc**`);
  const returning = idpLogin("returner");
  await continueWithProvider(page, returning, "/login?callbackUrl=https%3A%2F%2Fevil.example%2F");
  await expect(page).toHaveURL(/\/register\/username$/);
});

test("GitHub and Google buttons render where they are configured, and no button where none is", async ({ page }) => {
  for (const path of ["/login", "/register"]) {
    await page.goto(`${SPA_LINKS_URL}${path}`);
    await expect(page.getByRole("button", { name: "Continue with GitHub" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Continue with Google" })).toBeVisible();
    await expect(page.getByRole("button", { name: /Continue with/ })).toHaveCount(2);
  }
  await page.goto(`${SPA_LINKS_URL}/register`);
  await page.screenshot({ path: `${SHOTS}/provider-buttons-register.png`, fullPage: true });
  for (const path of ["/login", "/register"]) {
    await page.goto(`${STRICT_URL}${path}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: /Continue with/ })).toHaveCount(0);
  }
});
