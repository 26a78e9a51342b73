import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import {
  ADMIN,
  APP_URL,
  AUTH_SECRET,
  DEV_URL,
  MAIL_CATCHER,
  OIDC,
  SPA_CONFIRMATION_URL,
  SPA_LINKS_URL,
  SPA_ORIGIN,
  SPA_RESET_URL,
  STRICT_TOKEN_TTL_SECONDS,
  STRICT_URL,
} from "./tests/support/servers";

// Debian's Chromium when present (this project's machines have no route to browser downloads);
// elsewhere Playwright's own browser (`npx playwright install chromium`).
const systemChromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const executablePath = fs.existsSync(systemChromium) ? systemChromium : undefined;

const appEnv = {
  APP_URL,
  AUTH_SECRET,
  SMTP_URL: `smtp://127.0.0.1:${MAIL_CATCHER.smtpPort}`,
  MAIL_FROM: "Accounts <no-reply@accounts.test>",
  OUTBOX_POLL_INTERVAL: "1s",
  OUTBOX_BACKOFF_BASE: "1s",
  // Browser apps the API tests call from, to check CORS; no other test sends an Origin these name.
  CORS_ORIGINS: `http://spa.example,${SPA_ORIGIN}`,
};
// Every browser test comes from one address; the per-address limits are exercised on the strict server.
const generousLimits = {
  SIGNUPS_PER_IP_PER_HOUR: "100000",
  LOGINS_PER_IP_PER_MINUTE: "100000",
  EMAIL_REQUESTS_PER_IP_PER_HOUR: "100000",
  TOKEN_SUBMISSIONS_PER_IP_PER_HOUR: "100000",
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
      command: "npx tsx tests/support/oidc-provider.ts",
      url: `${OIDC.issuer}/.well-known/openid-configuration`,
      env: {
        OIDC_PORT: String(OIDC.port),
        OIDC_CLIENT_ID: OIDC.clientId,
        OIDC_CLIENT_SECRET: OIDC.clientSecret,
        OIDC_REDIRECT_URIS: `${APP_URL}/api/auth/callback/oidc`,
      },
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      command: `npx tsx tests/support/start-app.ts start ${new URL(APP_URL).port}`,
      url: `${APP_URL}/api/health`,
      env: {
        ...appEnv,
        ...generousLimits,
        E2E_ADMIN: `${ADMIN.username}:${ADMIN.email}:${ADMIN.password}`,
        AUTH_OIDC_ISSUER: OIDC.issuer,
        AUTH_OIDC_ID: OIDC.clientId,
        AUTH_OIDC_SECRET: OIDC.clientSecret,
        AUTH_OIDC_NAME: OIDC.name,
      },
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      command: `npx tsx tests/support/start-app.ts start ${new URL(STRICT_URL).port}`,
      url: `${STRICT_URL}/api/health`,
      env: {
        ...appEnv,
        APP_URL: STRICT_URL,
        CONFIRM_TOKEN_TTL: `${STRICT_TOKEN_TTL_SECONDS}s`,
        RESET_TOKEN_TTL: `${STRICT_TOKEN_TTL_SECONDS}s`,
        // Default limits, behind one trusted proxy: tests pick their client address with X-Forwarded-For.
        TRUSTED_PROXY_HOPS: "1",
      },
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      command: `npx tsx tests/support/start-app.ts start ${new URL(SPA_LINKS_URL).port}`,
      url: `${SPA_LINKS_URL}/api/health`,
      env: {
        ...appEnv,
        ...generousLimits,
        APP_URL: SPA_LINKS_URL,
        CONFIRMATION_URL: SPA_CONFIRMATION_URL,
        RESET_URL: SPA_RESET_URL,
        // Configuration only (no test reaches GitHub or Google): their buttons render.
        AUTH_GITHUB_ID: "e2e-github-client",
        AUTH_GITHUB_SECRET: "e2e-github-secret",
        AUTH_GOOGLE_ID: "e2e-google-client",
        AUTH_GOOGLE_SECRET: "e2e-google-secret",
      },
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "ignore",
    },
    {
      command: `npx tsx tests/support/start-app.ts dev ${new URL(DEV_URL).port}`,
      url: `${DEV_URL}/api/health`,
      env: { APP_URL: DEV_URL, ...generousLimits },
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "ignore",
    },
  ],
});
