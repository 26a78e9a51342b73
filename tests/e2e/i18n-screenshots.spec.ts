import { Mailbox } from "../support/mailbox";
import { APP_URL, MAIL_CATCHER } from "../support/servers";
import { expect, freshUser, test } from "./fixtures";
import { linkIn } from "../support/mailbox";

// The screenshots docs/screenshots/ keeps: /register, /login, /account and the confirmation email, in
// English and in Brazilian Portuguese.

for (const [locale, label, submit, heading, subject] of [
  ["en-US", "en", "Create account", "Your account", /^Confirm your email for/],
  ["pt-BR", "pt-BR", "Criar conta", "Sua conta", /^Confirme seu e-mail no/],
] as const) {
  test.describe(`screenshots in ${label}`, () => {
    test.use({ locale, timezoneId: "America/Sao_Paulo" });

    test(`register, login, account and the confirmation email (${label})`, async ({ page }) => {
      test.slow();
      const dir = "docs/screenshots";
      await page.goto("/register");
      await page.screenshot({ path: `${dir}/register-${label}.png`, fullPage: true });
      await page.goto("/login");
      await page.screenshot({ path: `${dir}/login-${label}.png`, fullPage: true });

      const user = freshUser("shot");
      const mailbox = new Mailbox(MAIL_CATCHER.httpUrl, user.email);
      await page.goto("/register");
      const fields = page.locator("form input:not([type=hidden])");
      await fields.nth(0).fill(user.username);
      await fields.nth(1).fill(user.email);
      await fields.nth(2).fill(user.password);
      await page.getByRole("button", { name: submit }).click();
      const message = await mailbox.waitFor(subject);
      await page.setContent(message.html);
      await page.screenshot({ path: `${dir}/email-confirm-${label}.png`, fullPage: true });

      await page.goto(linkIn(message, `${APP_URL}/confirm?token=`));
      await page.locator("form button[type=submit]").first().click();
      await expect(page.getByRole("heading", { name: heading })).toBeVisible();
      await page.screenshot({ path: `${dir}/account-${label}.png`, fullPage: true });
    });
  });
}
