import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { DEV_URL } from "../support/servers";
import { freshUser, signUp } from "./fixtures";

test("the landing page explains the product and links to sign up and sign in", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome to Accounts");
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveAttribute("href", "/register");
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toHaveAttribute("href", "/login");
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
});

test("the API root answers like the original app", async ({ request }) => {
  const response = await request.get("/api/");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ "JWT Server Application": "Running!" });
});

test("health reports the database after a real round trip", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "ok" });
});

test("the dev mailbox does not exist in production", async ({ request }) => {
  expect((await request.get("/dev/mailbox")).status()).toBe(404);
});

test("the dev mailbox lists what the app sent when no SMTP server is configured", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${DEV_URL}/dev/mailbox`);
  await expect(page.getByRole("heading", { name: "Dev mailbox" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText("No SMTP server is configured")).toBeVisible();
});

test("with no SMTP server, sign-up email lands in the dev mailbox with a clickable link", async ({ page }) => {
  // `next dev` compiles each page on its first visit, slowly on a busy machine.
  test.setTimeout(180_000);
  const user = freshUser("dev");
  await signUp(page, user, DEV_URL, 90_000);
  await page.goto(`${DEV_URL}/dev/mailbox`);
  await expect(page.getByText(`to ${user.email}`)).toBeVisible({ timeout: 60_000 });
  await page
    .getByRole("link", { name: new RegExp(`^${DEV_URL}/confirm\\?token=`) })
    .first()
    .click();
  await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible({ timeout: 60_000 });
});

test("serves the site icon, the touch icon and robots.txt", async ({ request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  // An ICO header: reserved 0, type 1 (icon), then at least one image.
  expect([...(await icon.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);

  const touchIcon = await request.get("/apple-touch-icon.png");
  expect(touchIcon.status()).toBe(200);
  expect(touchIcon.headers()["content-type"]).toBe("image/png");

  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  const rules = await robots.text();
  for (const path of ["/account", "/admin", "/dev", "/confirm", "/reset-password", "/email-change", "/api"]) {
    expect(rules).toContain(`Disallow: ${path}\n`);
  }
});
