import type { Page } from "@playwright/test";
import { linkIn, Mailbox } from "../support/mailbox";
import { ADMIN, APP_URL, MAIL_CATCHER } from "../support/servers";
import { expect, expectAccessible, formAlert, freshUser, test, type NewUser } from "./fixtures";

// English and Brazilian Portuguese: the language comes from the language switcher's cookie, then the
// account's saved choice, then Accept-Language; pages, emails and the JSON API follow it.

/** Words of the English interface that must not show on a Portuguese page. */
const ENGLISH = [
  "Sign in",
  "Sign up",
  "Sign out",
  "Password",
  "password",
  "Username",
  "Email",
  "Forgot",
  "Create",
  "Confirm",
  "Welcome",
  "Your",
  "Change",
  "Recent",
  "Repeat",
  "Send",
  "Check",
  "Show",
  "Strength",
  "expired",
  "already",
  "link does",
  "This",
  "Skip to content",
  "Page not found",
  "Too many",
  "Enter",
  "Use at least",
  "characters",
  "do not match",
  "Signed in",
  "Account created",
];

/** A common Brazilian Portuguese password (hot chocolate), 15 characters: long enough, yet guessable. */
const PORTUGUESE_COMMON_PASSWORD = "chocolatequente";

async function expectPortuguese(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", "pt-BR");
  await expect(page).toHaveTitle(/\S/);
  const text = await page.locator("body").innerText();
  const title = await page.title();
  const found = ENGLISH.filter((word) => new RegExp(`\\b${word}\\b`).test(`${title}\n${text}`));
  expect(found, `English on ${page.url()}:\n${text}`).toEqual([]);
}

async function checkPage(page: Page) {
  await expectPortuguese(page);
  await expectAccessible(page);
}

async function signUpInPortuguese(page: Page, user: NewUser) {
  await page.goto("/register");
  await page.getByLabel("Nome de usuário").fill(user.username);
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Senha", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Criar conta" }).click();
  await expect(page.getByRole("heading", { name: "Confira sua caixa de entrada" })).toBeVisible();
}

test.describe("a visitor whose browser asks for Brazilian Portuguese", () => {
  test.use({ locale: "pt-BR", timezoneId: "America/Sao_Paulo" });

  test("sees every signed-out page and its errors in Portuguese", async ({ page, user }) => {
    test.slow(); // a dozen pages, each checked by axe
    for (const path of ["/", "/login", "/register", "/forgot-password", "/confirm?token=nope", "/reset-password"]) {
      await page.goto(path);
      await checkPage(page);
    }
    await page.goto("/email-change?token=nope");
    await checkPage(page);
    await page.goto("/no-such-page");
    await checkPage(page);

    // The browser's own checks (the shared schemas), translated in the browser.
    await page.goto("/register");
    await page.getByLabel("Nome de usuário").fill("ab");
    await page.getByLabel("E-mail").fill("not-an-address");
    await page.getByLabel("Senha", { exact: true }).fill("curta");
    await page.getByRole("button", { name: "Criar conta" }).click();
    await expect(page.locator("#field-username-error")).toHaveText(
      "Erro: O nome de usuário precisa ter pelo menos 3 caracteres.",
    );
    await expect(page.locator("#field-email-error")).toHaveText(
      "Erro: Informe um e-mail válido, como nome@exemplo.com.",
    );
    await expect(page.locator("#field-password-error")).toContainText("A senha precisa ter 15 caracteres ou mais");
    await checkPage(page);

    // A server answer: wrong credentials.
    await page.goto("/login");
    await page.getByLabel("Nome de usuário ou e-mail").fill("nobody_here");
    await page.getByLabel("Senha", { exact: true }).fill("not the password at all");
    await page.getByRole("button", { name: "Entrar", exact: true }).click();
    await expect(formAlert(page)).toHaveText("O nome de usuário ou e-mail e a senha não conferem.");
    await checkPage(page);

    await page.goto("/forgot-password");
    await page.getByLabel("E-mail").fill(user.email);
    await page.getByRole("button", { name: "Mandar link para redefinir" }).click();
    await expect(page.getByRole("status")).toContainText("Se existir uma conta com");
    await checkPage(page);
  });

  test("signs up, confirms and uses the account in Portuguese, emails included", async ({ page, user, mailbox }) => {
    test.slow();
    await signUpInPortuguese(page, user);
    await checkPage(page);

    const confirmation = await mailbox.waitFor(/^Confirme seu e-mail no Accounts$/);
    expect(confirmation.text).toContain(`Olá, ${user.username},`);
    expect(confirmation.text).toMatch(/expira em 24 horas, em \d+ de \w+ de \d{4}/);
    expect(confirmation.html).toContain('lang="pt-BR"');
    expect(confirmation.text).not.toMatch(/\b(Confirm your|expires|Hi )\b/);

    await page.goto(linkIn(confirmation, `${APP_URL}/confirm?token=`));
    await checkPage(page);
    await page.getByRole("button", { name: "Confirmar meu e-mail" }).click();
    await expect(page).toHaveURL(/\/account/);
    await expect(page.getByRole("heading", { name: "Sua conta" })).toBeVisible();
    await expect(page.getByRole("cell", { name: "E-mail confirmado" })).toBeVisible();
    // Times in Portuguese, in the browser's own time zone (São Paulo is UTC-3).
    await expect(page.locator("td time").first()).toHaveText(/\d{2}:\d{2} (BRT|GMT-3|UTC-3)/);
    await checkPage(page);

    // A server-side refusal on a signed-in form.
    await page.getByLabel("Senha atual").fill("not my password at all");
    await page.getByLabel("Nova senha", { exact: true }).fill("granite orbit pelican 73 harbor");
    await page.getByLabel("Repita a nova senha").fill("granite orbit pelican 73 harbor");
    await page.getByRole("button", { name: "Trocar senha" }).click();
    await expect(page.locator("#field-currentPassword-error")).toHaveText("Erro: Essa não é a sua senha atual.");
    await checkPage(page);

    // Later, signed out, the reset email arrives in Portuguese too.
    await page.getByRole("button", { name: "Sair", exact: true }).click();
    await page.goto("/forgot-password");
    await page.getByLabel("E-mail").fill(user.email);
    await page.getByRole("button", { name: "Mandar link para redefinir" }).click();
    const reset = await mailbox.waitFor(/^Redefina sua senha do Accounts$/);
    expect(reset.text).toMatch(/expira em 30 minutos/);

    await page.goto(linkIn(reset, `${APP_URL}/reset-password?token=`));
    await expect(page.getByRole("heading", { name: "Escolha uma nova senha" })).toBeVisible();
    await checkPage(page);
  });

  test("the administration page is in Portuguese", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Nome de usuário ou e-mail").fill(ADMIN.username);
    await page.getByLabel("Senha", { exact: true }).fill(ADMIN.password);
    await page.getByRole("button", { name: "Entrar", exact: true }).click();
    await expect(page).toHaveURL(/\/account/);
    // Only the operator's own row: other tests' usernames (such as "expired_…") are not interface text.
    await page.goto(`/admin?q=${ADMIN.username}`);
    await expect(page.getByRole("heading", { name: "Administração" })).toBeVisible();
    await expect(page.getByText(/na fila/)).toBeVisible();
    await checkPage(page);
  });

  test("a common Portuguese password is refused, with the reason in Portuguese", async ({ page, user }) => {
    await page.goto("/register");
    await page.getByLabel("Nome de usuário").fill(user.username);
    await page.getByLabel("E-mail").fill(user.email);
    await page.getByLabel("Senha", { exact: true }).fill(PORTUGUESE_COMMON_PASSWORD);
    // The browser loaded the Portuguese dictionary for the strength meter, which calls it not allowed.
    await expect(page.locator("#field-password-hint")).toContainText(
      /Força: Não permitido\. Essa senha é fácil demais de adivinhar/,
    );
    await page.getByRole("button", { name: "Criar conta" }).click();
    await expect(page.locator("#field-password-error")).toContainText("Essa senha é fácil demais de adivinhar");
  });
});

test("a common Portuguese password is refused on an English page too", async ({ page, user }) => {
  await page.goto("/register");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(PORTUGUESE_COMMON_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  // The server checks every language's dictionary, whatever the page's language.
  await expect(page.locator("#field-password-error")).toContainText("This password is too easy to guess");
});

test.describe("the language switcher with JavaScript off", () => {
  test.use({ javaScriptEnabled: false, locale: "en-US" });

  test("changes the language of the page and remembers it", async ({ page }) => {
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("button", { name: "Português (Brasil)" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "pt-BR");
    await expect(page.getByRole("heading", { name: "Entrar" })).toBeVisible();
    await expectPortuguese(page);

    // Remembered on other pages.
    await page.goto("/register");
    await expect(page.getByRole("heading", { name: "Crie sua conta" })).toBeVisible();

    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  });

  test("saves a signed-in account's choice, which its emails and other devices follow", async ({ browser }) => {
    const user = freshUser("i18n");
    const mailbox = new Mailbox(MAIL_CATCHER.httpUrl, user.email);
    // An account made in English.
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
    const page = await context.newPage();
    await page.goto("/register");
    await page.getByLabel("Username").fill(user.username);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Create account" }).click();
    const confirmation = await mailbox.waitFor(/^Confirm your email for Accounts$/);
    await page.goto(linkIn(confirmation, `${APP_URL}/confirm?token=`));
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page).toHaveURL(/\/account/);

    await page.getByRole("button", { name: "Português (Brasil)" }).click();
    await expect(page.getByRole("heading", { name: "Sua conta" })).toBeVisible();
    await context.close();

    // Another device whose browser asks for English: once signed in, the account's choice wins.
    const other = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
    const elsewhere = await other.newPage();
    await elsewhere.goto("/login");
    await elsewhere.getByLabel("Username or email").fill(user.username);
    await elsewhere.getByLabel("Password", { exact: true }).fill(user.password);
    await elsewhere.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(elsewhere.getByRole("heading", { name: "Sua conta" })).toBeVisible();
    await expect(elsewhere.locator("html")).toHaveAttribute("lang", "pt-BR");

    // Its emails too: the password-changed notice.
    await elsewhere.getByLabel("Senha atual").fill(user.password);
    await elsewhere.getByLabel("Nova senha", { exact: true }).fill("granite orbit pelican 73 harbor");
    await elsewhere.getByLabel("Repita a nova senha").fill("granite orbit pelican 73 harbor");
    await elsewhere.getByRole("button", { name: "Trocar senha" }).click();
    const notice = await mailbox.waitFor(/^Sua senha do Accounts foi trocada$/);
    expect(notice.text).toMatch(/foi trocada em \d+ de \w+ de \d{4}/);
    await other.close();
  });
});

test.describe("the JSON API", () => {
  test("answers in English by default and in Portuguese when Accept-Language asks", async ({ request }) => {
    const english = await request.post("/api/login", { data: { username: "nobody_here", password: "wrong" } });
    expect(english.status()).toBe(401);
    expect((await english.json()).message).toBe("That username or email and password do not match.");

    const portuguese = await request.post("/api/login", {
      data: { username: "nobody_here", password: "wrong" },
      headers: { "Accept-Language": "pt-BR,pt;q=0.9" },
    });
    expect((await portuguese.json()).message).toBe("O nome de usuário ou e-mail e a senha não conferem.");

    const invalid = await request.post("/api/registration", {
      data: { username: "x", email: "nope", password: "short" },
      headers: { "Accept-Language": "pt-BR" },
    });
    expect(invalid.status()).toBe(400);
    const body = await invalid.json();
    expect(body.message).toBe("Alguns campos estão faltando ou são inválidos.");
    expect(body.errors.username).toEqual(["O nome de usuário precisa ter pelo menos 3 caracteres."]);
  });

  test("a sign-up in Portuguese gets its confirmation email in Portuguese", async ({ request }) => {
    const user = freshUser("api_pt");
    const response = await request.post("/api/registration", {
      data: { username: user.username, email: user.email, password: user.password },
      headers: { "Accept-Language": "pt-BR" },
    });
    expect(response.status()).toBe(201);
    expect((await response.json()).message).toBe(
      "Confira sua caixa de entrada: mandamos um link para confirmar seu e-mail.",
    );
    const mailbox = new Mailbox(MAIL_CATCHER.httpUrl, user.email);
    const message = await mailbox.waitFor(/^Confirme seu e-mail no Accounts$/);
    expect(message.text).toContain("Alguém se cadastrou com este endereço como");
  });
});
