import fs from "node:fs";
import type { Page } from "@playwright/test";
import { linkIn, Mailbox } from "../support/mailbox";
import { APP_URL, e2eDatabaseUrl, MAIL_CATCHER } from "../support/servers";
import { authenticatorCode, previousStepCode } from "../support/totp";
import {
  ageSessions,
  expect,
  expectAccessible,
  formAlert,
  freshUser,
  registeredUser,
  signIn,
  signOut,
  signOutEverywhere,
  test,
  type NewUser,
  STORY_TIMEOUT_MS,
} from "./fixtures";

// Two-factor sign-in in a real browser: the test is the authenticator app, computing codes from the key it
// reads off the page.

const SHOTS = "docs/screenshots";

async function shoot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: `${SHOTS}/${name}-360.png`, fullPage: true });
  if (size) await page.setViewportSize(size);
}

async function signOutFromAccount(page: Page) {
  await page.goto("/account");
  await signOut(page);
}

/** Turns two-factor on from /account/security; returns the key and the recovery codes. */
async function enrol(page: Page, screenshots = false) {
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const key = (await page.getByTestId("totp-key").textContent())!;
  expect(key.replace(/\s/g, "")).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  if (screenshots) {
    await expectAccessible(page);
    await shoot(page, "two-factor-setup");
  }
  // The previous step's code: the current one stays unused for the first sign-in.
  await page.getByLabel("6-digit code from the app").fill(await previousStepCode(key));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeVisible();
  const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents();
  expect(codes).toHaveLength(10);
  if (screenshots) {
    await expectAccessible(page);
    await shoot(page, "two-factor-recovery-codes");
  }
  return { key, codes };
}

async function passwordStep(page: Page, user: NewUser) {
  await signIn(page, user.username, user.password);
  await expect(page).toHaveURL(/\/login\/two-factor/);
}

test("enrol, then sign in with a code and with a recovery code, remember the browser, and turn it off", async ({
  page,
  user,
  mailbox,
}) => {
  test.setTimeout(STORY_TIMEOUT_MS);
  await registeredUser(page, user, mailbox);
  const { key, codes } = await enrol(page, true);
  await mailbox.waitFor(/two-factor sign-in is on/);
  await signOutFromAccount(page);

  // Password, then the code from the app.
  await passwordStep(page, user);
  await expect(page.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "two-factor-second-step");
  await page.getByLabel("6-digit code").fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That code is not right")).toBeVisible();
  await page.getByLabel("6-digit code").fill(authenticatorCode(key));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await signOutFromAccount(page);

  // Password, then a recovery code, and this browser remembered.
  await passwordStep(page, user);
  await page.getByRole("link", { name: "Use a recovery code instead" }).click();
  await expectAccessible(page);
  await shoot(page, "two-factor-recovery-step");
  await page.getByLabel("Recovery code").fill(codes[0]);
  await page.getByLabel("Remember this browser for 30 days").check();
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/account$/);
  const notice = await mailbox.waitFor(/a recovery code was used/);
  expect(notice.text).toContain("9 codes are left");
  await mailbox.waitFor(/a browser will skip the second step/);
  await page.goto("/account/security");
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("9");
  await expect(page.getByRole("button", { name: "Forget" })).toHaveCount(1);

  // The remembered browser skips the second step.
  await signOutFromAccount(page);
  await signIn(page, user.username, user.password);
  await expect(page).toHaveURL(/\/account$/);

  // Turning it off needs the password and a code.
  await page.goto("/account/security");
  await page.getByLabel("Your password").fill(user.password);
  await page.getByLabel("Code from the app, or a recovery code").fill(codes[1]);
  await page.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
  await expect(page.getByText("Two-factor sign-in is off. We emailed you a notice.")).toBeVisible();
  await mailbox.waitFor(/two-factor sign-in is off/);
  await signOutFromAccount(page);
  await signIn(page, user.username, user.password);
  await expect(page).toHaveURL(/\/account$/);
});

test("sign-out-everywhere forgets the remembered browser", async ({ page, user, mailbox }) => {
  test.setTimeout(STORY_TIMEOUT_MS);
  await registeredUser(page, user, mailbox);
  const { codes } = await enrol(page);
  await signOutFromAccount(page);
  await passwordStep(page, user);
  await page.getByRole("link", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(codes[0]);
  await page.getByLabel("Remember this browser for 30 days").check();
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/account$/);

  await signOutEverywhere(page);
  await passwordStep(page, user);
});

test("the undo link of an email change puts the address back, then asks for the code before signing in", async ({
  page,
  user,
  mailbox,
}) => {
  test.setTimeout(STORY_TIMEOUT_MS);
  await registeredUser(page, user, mailbox);
  const { key } = await enrol(page);
  const newEmail = freshUser("moved").email;
  await page.goto("/account");
  await page.getByLabel("New email").fill(newEmail);
  await page.getByLabel("Your password").fill(user.password);
  await page.getByRole("button", { name: "Change email" }).click();
  const confirmation = await new Mailbox(MAIL_CATCHER.httpUrl, newEmail).waitFor(/Confirm your new email address/);
  await page.goto(linkIn(confirmation, `${APP_URL}/email-change?token=`));
  await page.getByRole("button", { name: "Use this address" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Email address changed");

  const notice = await mailbox.waitFor(/email address of your .* account was changed/);
  await page.goto(linkIn(notice, `${APP_URL}/email-change?token=`));
  const password = "owner takes it back 58 orchards";
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Repeat new password").fill(password);
  await page.getByRole("button", { name: "Undo the change and sign out everywhere" }).click();
  // The link proved the old address, not the second factor.
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await page.getByLabel("6-digit code").fill(authenticatorCode(key));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/account(\?emailRestored=1)?$/);
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();
});

test("security settings ask for the password again once the sign-in is 10 minutes old", async ({
  page,
  user,
  mailbox,
}) => {
  test.skip(!e2eDatabaseUrl(APP_URL), "ages the session in the server's PostgreSQL database");
  await registeredUser(page, user, mailbox);
  await page.goto("/account/security");
  await expect(page.getByRole("button", { name: "Set up an authenticator app" })).toBeVisible();

  await ageSessions(user.username, 11);
  await page.goto("/account/security");
  await expect(page.getByText("To change how you sign in, enter your password again.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Set up an authenticator app" })).toHaveCount(0);
  await expectAccessible(page);
  await shoot(page, "security-reauthenticate");

  await page.getByLabel("Password", { exact: true }).fill("not the password at all");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("#field-password-error")).toHaveText("Error: That is not your current password.");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("button", { name: "Set up an authenticator app" })).toBeVisible();
});

test("the second step cannot be reached without the password", async ({ page }) => {
  await page.goto("/login/two-factor");
  await expect(page).toHaveURL(/\/login\?expired=second-step/);
});

/** Words of the English two-factor and passkey screens that must not show on a Portuguese one. */
const ENGLISH = [
  "Two-factor",
  "two-factor",
  "Set up",
  "authenticator",
  "Key",
  "Recovery",
  "recovery",
  "Passkeys?",
  "passkeys?",
  "Remember",
  "Verify",
  "Enter",
  "Turn",
  "Save",
  "Download",
  "Copy",
  "Back",
  "Security",
  "browser",
  "Password",
  "Sign",
  "Start over",
  "Never",
  "Add",
];

async function expectPortuguese(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", "pt-BR");
  await expect(page).toHaveTitle(/\S/);
  const text = `${await page.title()}\n${await page.locator("body").innerText()}`;
  const found = ENGLISH.filter((word) => new RegExp(`\\b${word}\\b`).test(text));
  expect(found, `English on ${page.url()}:\n${text}`).toEqual([]);
  await expectAccessible(page);
}

test.describe("in Brazilian Portuguese", () => {
  test.use({ locale: "pt-BR", timezoneId: "America/Sao_Paulo" });

  test("set-up, recovery codes, the second step and the notice email are in Portuguese", async ({
    page,
    user,
    mailbox,
  }) => {
    test.setTimeout(STORY_TIMEOUT_MS);
    await page.goto("/register");
    await page.getByLabel("Nome de usuário").fill(user.username);
    await page.getByLabel("E-mail").fill(user.email);
    await page.getByLabel("Senha", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Criar conta" }).click();
    await page.goto(linkIn(await mailbox.waitFor(/^Confirme seu e-mail/), `${APP_URL}/confirm?token=`));
    await page.getByRole("button", { name: "Confirmar meu e-mail" }).click();
    await expect(page).toHaveURL(/\/account/);

    await page.goto("/account/security");
    await expect(page.getByRole("heading", { name: "Configurações de segurança" })).toBeVisible();
    await expectPortuguese(page);
    await page.getByRole("button", { name: "Configurar um app autenticador" }).click();
    const key = (await page.getByTestId("totp-key").textContent())!;
    await expect(page.getByRole("img", { name: "QR code para ler com o seu app autenticador" })).toBeVisible();
    await expectPortuguese(page);
    await shoot(page, "two-factor-setup-pt-BR");

    await page.getByLabel("Código de 6 dígitos do app").fill("000000");
    await page.getByRole("button", { name: "Ativar a verificação em duas etapas" }).click();
    await expect(page.locator("#field-code-error")).toHaveText(
      "Erro: Esse código não está certo. Digite o código que seu app mostra agora.",
    );
    await page.getByLabel("Código de 6 dígitos do app").fill(await previousStepCode(key));
    await page.getByRole("button", { name: "Ativar a verificação em duas etapas" }).click();
    await expect(page.getByRole("heading", { name: "Guarde seus códigos de recuperação" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Códigos de recuperação" }).getByRole("listitem")).toHaveCount(10);
    await expectPortuguese(page);
    await shoot(page, "two-factor-recovery-codes-pt-BR");
    const notice = await mailbox.waitFor(/^Accounts: a verificação em duas etapas está ativada$/);
    expect(notice.html).toContain('lang="pt-BR"');
    expect(notice.text).toContain("pedimos um código do seu app autenticador depois da senha");

    // The page once on: since when (in the viewer's zone), and how many codes are left.
    await page.goto("/account/security");
    await expect(page.getByText(/Restam 10 de 10 códigos de recuperação/)).toBeVisible();
    await expect(page.locator("p time").first()).toHaveText(/\d{2}:\d{2} (BRT|GMT-3|UTC-3)/);
    await expectPortuguese(page);
    await shoot(page, "two-factor-on-pt-BR");

    await page.goto("/account");
    await page.getByRole("button", { name: "Sair", exact: true }).click();
    await expect(page).toHaveURL(/\/login\?signedOut=1$/);
    await page.goto("/login");
    await page.getByLabel("Nome de usuário ou e-mail").fill(user.username);
    await page.getByLabel("Senha", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Entrar", exact: true }).click();
    await expect(page).toHaveURL(/\/login\/two-factor/);
    await expect(page.getByRole("heading", { name: "Verificação em duas etapas" })).toBeVisible();
    await expectPortuguese(page);
    await shoot(page, "two-factor-second-step-pt-BR");
    await page.getByLabel("Código de 6 dígitos").fill("000000");
    await page.getByRole("button", { name: "Verificar" }).click();
    await expect(page.locator("#field-code-error")).toHaveText(
      "Erro: Esse código não está certo ou já foi usado. Confira o código e tente de novo.",
    );
    await page.getByRole("link", { name: "Usar um código de recuperação" }).click();
    await expect(page.getByLabel("Código de recuperação")).toBeVisible();
    await expectPortuguese(page);
    await page.getByRole("link", { name: "Usar o código do app autenticador" }).click();
    await page.getByLabel("Código de 6 dígitos").fill(authenticatorCode(key));
    await page.getByRole("button", { name: "Verificar" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(formAlert(page)).toHaveCount(0);
  });
});
