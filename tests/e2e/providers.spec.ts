import type { Locator, Page } from "@playwright/test";
import {
  ageSessions,
  confirmationLink,
  expect,
  formAlert,
  registeredUser,
  signIn,
  signOut,
  signOutEverywhere,
  test,
  STORY_TIMEOUT_MS,
} from "./fixtures";
import { Mailbox } from "../support/mailbox";
import { authenticatorCode, previousStepCode } from "../support/totp";
import { APP_URL, e2eDatabaseUrl, MAIL_CATCHER, OIDC, SPA_LINKS_URL, STRICT_URL } from "../support/servers";

// Sign-in through a real OpenID Connect provider (tests/support/oidc-provider.ts), through the real
// redirects: the app's /login → the provider's login form → the app's /api/auth/callback/oidc.

const SHOTS = "docs/screenshots";

function idpLogin(prefix: string) {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * Presses a button that leaves for the provider, then signs in there as `login` and grants access when the provider
 * asks (it remembers a person it has seen in this browser, and then sends the browser straight back); waits
 * until the browser is back on one of the app's pages.
 */
async function throughProvider(page: Page, login: string, button: Locator) {
  const before = page.url();
  await button.click();
  const backOnApp = (url: URL) =>
    url.origin === APP_URL && !url.pathname.startsWith("/api/auth") && url.href !== before;
  await page.waitForURL((url) => url.origin === OIDC.issuer || backOnApp(url));
  if (new URL(page.url()).origin === OIDC.issuer) {
    await page.getByPlaceholder("Enter any login").fill(login);
    await page.getByPlaceholder("and password").fill("any password");
    await page.getByRole("button", { name: "Sign-in" }).click();
    // The provider asks for consent the first time this person uses the app.
    await page.waitForURL((url) => backOnApp(url) || url.pathname.includes("interaction"));
    if (new URL(page.url()).origin !== APP_URL) await page.getByRole("button", { name: "Continue" }).click();
  }
  await page.waitForURL(backOnApp);
}

async function continueWithProvider(page: Page, login: string, from = "/login") {
  await page.goto(from);
  await throughProvider(page, login, page.getByRole("button", { name: `Continue with ${OIDC.name}` }));
}

/**
 * Holds the provider's answer instead of letting the browser deliver it: the provider's form posts are
 * answered here, following the provider's own redirects, until one points at the app's callback. Returns the
 * held callback URL (empty until then). Routing sees only the first request of a redirect chain, hence
 * the redirects are followed by hand.
 */
function holdCallback(page: Page): () => string {
  let held = "";
  void page.route(`${OIDC.issuer}/**`, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    let response = await route.fetch({ maxRedirects: 0 });
    let location = response.headers()["location"];
    while (location && new URL(location, OIDC.issuer).origin === OIDC.issuer) {
      const next = new URL(location, OIDC.issuer).toString();
      const hop = await page.request.get(next, { maxRedirects: 0 });
      if (!hop.headers()["location"]) {
        // A page of the provider's own (consent): let the browser go there.
        return route.fulfill({ status: 303, headers: { location: next } });
      }
      response = hop;
      location = hop.headers()["location"];
    }
    if (location?.startsWith(`${APP_URL}/api/auth/callback/`)) {
      held = location;
      return route.fulfill({ status: 200, contentType: "text/plain", body: "held by the test" });
    }
    return route.fulfill({ response });
  });
  return () => held;
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
  await expect(page).toHaveURL(/\/account(\?welcome=1)?$/);
  await expect(page.getByText(`${login}@idp.example`)).toBeVisible();
  // No password yet: the page offers to set one instead of forms that would ask for it.
  await expect(page.getByRole("heading", { name: "Set a password" })).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveCount(0);

  await signOut(page);
  await continueWithProvider(page, login);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("definition").filter({ hasText: login }).first()).toBeVisible();

  await page.goto("/account/security");
  await expect(page.getByRole("row", { name: new RegExp(`${OIDC.name}.*Connected on`) })).toBeVisible();

  // The same revocable session as a password sign-in: in the activity, and ended by "Sign out everywhere".
  await page.goto("/account");
  await expect(page.getByRole("cell", { name: "Signed in", exact: true }).first()).toBeVisible();
  await signOutEverywhere(page);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?callbackUrl/);
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
  await signOut(page);

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
  await throughProvider(page, user.email, page.getByRole("button", { name: `Connect ${OIDC.name}` }));
  await expect(page).toHaveURL(/\/account\/security\?connected=oidc/);
  await expect(page.getByRole("status")).toContainText(`${OIDC.name} is connected`);
  await page.screenshot({ path: `${SHOTS}/provider-connected-accounts.png`, fullPage: true });

  await page.goto("/account");
  await signOut(page);
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
  await expect(page).toHaveURL(/\/account(\?welcome=1)?$/);

  await page.goto("/account/security");
  await page.getByRole("button", { name: `Disconnect ${OIDC.name}` }).click();
  await expect(formAlert(page)).toContainText("is your only way to sign in");
  await expect(page.getByRole("row", { name: new RegExp(`${OIDC.name}.*Connected on`) })).toBeVisible();
  // And the account still signs in with it.
  await page.goto("/account");
  await signOut(page);
  await continueWithProvider(page, login);
  await expect(page).toHaveURL(/\/account$/);
});

test("signing in again with the provider to confirm who is there ends the session it replaces", async ({
  page,
  browser,
}) => {
  test.skip(!e2eDatabaseUrl(APP_URL), "ages the session in the server's PostgreSQL database");
  const login = idpLogin("again");
  await continueWithProvider(page, login);
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveURL(/\/account(\?welcome=1)?$/);
  const before = (await page.context().cookies()).find((c) => c.name === "authjs.session-token")!;

  // An account without a password confirms who is there with its provider once the sign-in is old.
  await ageSessions(login, 11);
  await page.goto("/account/security");
  await page.getByRole("button", { name: `Sign in again with ${OIDC.name}` }).click();
  // The provider remembers this browser's person and sends it straight back, to the page it left (the same
  // address, which is why throughProvider, waiting for another one, does not fit here).
  await expect(page.getByRole("button", { name: `Disconnect ${OIDC.name}` })).toBeVisible();

  // The session the browser held before is over: its cookie, replayed elsewhere, signs nobody in.
  const replay = await browser.newContext();
  await replay.addCookies([{ ...before, sameSite: "Lax" }]);
  const replayed = await replay.newPage();
  await replayed.goto("/account");
  await expect(replayed).toHaveURL(/\/login\?callbackUrl=%2Faccount/);
  await replay.close();
});

test("a tampered state, a replayed callback and a callback address on another origin are refused", async ({
  page,
  browser,
}) => {
  const login = idpLogin("careful");
  // Hold the provider's answer to the app, to deliver it changed, then unchanged twice.
  const heldCallback = holdCallback(page);
  await page.goto("/login");
  await page.getByRole("button", { name: `Continue with ${OIDC.name}` }).click();
  await page.waitForURL((url) => url.origin === OIDC.issuer);
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // The provider asks for consent the first time.
  await page.getByRole("button", { name: "Continue" }).click();
  await expect.poll(heldCallback, { timeout: 20_000 }).toContain("/api/auth/callback/oidc");
  const callback = heldCallback();
  await page.unroute(`${OIDC.issuer}/**`);

  const tampered = new URL(callback);
  tampered.searchParams.set("state", `${tampered.searchParams.get("state")}x`);
  await page.goto(tampered.toString());
  await expect(page).toHaveURL(/\/login\?error=/);
  await expect(formAlert(page)).toContainText("Signing in with the provider did not work");
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?callbackUrl/);

  // The untouched answer in another browser (without this browser's state, PKCE and nonce cookies) is refused.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(callback);
  await expect(otherPage).toHaveURL(/\/login\?error=/);
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/login\?callbackUrl/);
  await other.close();

  // Delivered untouched in this browser, the answer works (so the refusals above were not for a bad answer)...
  await page.goto(callback);
  await expect(page).toHaveURL(/\/register\/username$/);
  // ...once: replayed, it is refused.
  await page.goto(callback);
  await expect(page).toHaveURL(/\/login\?error=/);

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
  await continueWithProvider(page, login, "/login?callbackUrl=https%3A%2F%2Fevil.example%2F");
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

test.describe("in Brazilian Portuguese", () => {
  test.use({ locale: "pt-BR" });

  test("the button, the username step and the connected accounts speak the visitor's language", async ({ page }) => {
    const login = idpLogin("brasil");
    await page.goto("/login");
    await throughProvider(page, login, page.getByRole("button", { name: `Continuar com ${OIDC.name}` }));

    await expect(page.getByRole("heading", { name: "Escolha seu nome de usuário" })).toBeVisible();
    await expect(
      page.getByText(`Você está criando uma conta para ${login}@idp.example com o ${OIDC.name}.`),
    ).toBeVisible();
    await page.getByRole("button", { name: "Criar minha conta" }).click();
    await expect(page).toHaveURL(/\/account(\?welcome=1)?$/);

    await page.getByRole("link", { name: "Configurações de segurança" }).click();
    await expect(page.getByRole("heading", { name: "Contas conectadas" })).toBeVisible();
    await page.getByRole("button", { name: `Desconectar ${OIDC.name}` }).click();
    await expect(formAlert(page)).toContainText(`O ${OIDC.name} é a sua única forma de entrar`);
    await expect(page.getByRole("row", { name: new RegExp(`${OIDC.name}.*Conectado em`) })).toBeVisible();
  });
});

test("with two-factor on, a provider sign-in asks for the code before signing in", async ({ page }) => {
  test.setTimeout(STORY_TIMEOUT_MS);
  const login = idpLogin("twofactor");
  await continueWithProvider(page, login);
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveURL(/\/account(\?welcome=1)?$/);

  // Turn two-factor on (the sign-in is fresh, so the security page asks for nothing first).
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const key = (await page.getByTestId("totp-key").textContent())!;
  // The previous step's code: the current one stays unused for the sign-in below.
  await page.getByLabel("6-digit code from the app").fill(await previousStepCode(key));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeVisible();

  await page.goto("/account");
  await signOut(page);
  await continueWithProvider(page, login);
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?callbackUrl/);

  await continueWithProvider(page, login);
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await page.getByLabel("6-digit code").fill(authenticatorCode(key));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("definition").filter({ hasText: login }).first()).toBeVisible();
});
