import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { APP_URL, DEV_URL, MAIL_CATCHER, SPA_ORIGIN } from "./tests/support/servers";

// Debian's Chromium when present (this project's machines have no route to browser downloads);
// elsewhere Playwright's own browser (`npx playwright install chromium`).
const systemChromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const executablePath = fs.existsSync(systemChromium) ? systemChromium : undefined;

const appEnv = {
  APP_URL,
  AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456789",
  SMTP_URL: `smtp://127.0.0.1:${MAIL_CATCHER.smtpPort}`,
  MAIL_FROM: "Accounts <no-reply@accounts.test>",
  OUTBOX_POLL_INTERVAL: "1s",
  OUTBOX_BACKOFF_BASE: "1s",
  // Browser apps the API tests call from, to check CORS; no other test sends an Origin these name.
  CORS_ORIGINS: `http://spa.example,${SPA_ORIGIN}`,
};

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      command: "npx tsx tests/support/mail-catcher.ts",
      url: `${MAIL_CATCHER.httpUrl}/health`,
      env: { SMTP_PORT: String(MAIL_CATCHER.smtpPort), HTTP_PORT: new URL(MAIL_CATCHER.httpUrl).port },
      reuseExistingServer: false,
    },
    {
      command: `npx tsx tests/support/start-app.ts start ${new URL(APP_URL).port}`,
      url: `${APP_URL}/api/health`,
      env: appEnv,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      command: `npx tsx tests/support/start-app.ts dev ${new URL(DEV_URL).port}`,
      url: `${DEV_URL}/api/health`,
      env: { APP_URL: DEV_URL },
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "ignore",
    },
  ],
});
