// Where the browser and API tests find the servers that playwright.config.ts starts. E2E_PORT_BASE moves
// them all, so two checkouts can run their suites side by side.
const base = Number(process.env.E2E_PORT_BASE ?? 3100);

/**
 * A stand-in browser app that the API tests serve themselves; the app under test lists it in CORS_ORIGINS.
 * On loopback like the app, so Chromium's private-network rules do not get in the way of CORS.
 */
export const SPA_ORIGIN = `http://127.0.0.1:${base + 97}`;
export const MAIL_CATCHER = { smtpPort: base + 98, httpUrl: `http://127.0.0.1:${base + 99}` };
/** The production server (server.mjs) with real SMTP: the app under test. */
export const APP_URL = `http://localhost:${base}`;
/** `next dev` with no SMTP_URL: the embedded defaults and the dev mailbox. */
export const DEV_URL = `http://localhost:${base + 1}`;
/**
 * The production server with the default throttling limits behind one trusted proxy (tests choose their client
 * address with X-Forwarded-For), and emailed links that expire after a few seconds.
 */
export const STRICT_URL = `http://localhost:${base + 2}`;
export const STRICT_TOKEN_TTL_SECONDS = 6;
/** The production server whose emailed links point at the original SPA's hash routes (CONFIRMATION_URL, RESET_URL). */
export const SPA_LINKS_URL = `http://localhost:${base + 3}`;
export const SPA_CONFIRMATION_URL = "http://spa.example/#/finalize";
export const SPA_RESET_URL = "http://spa.example/#/new_password";
/** `node server.mjs` from the assembled standalone build (tests/e2e/standalone.spec.ts starts its own). */
export const STANDALONE_PORTS = { postgres: base + 7, embedded: base + 8 };
/**
 * The PostgreSQL database of the `next start` server at `baseUrl` when the suite runs on TEST_DATABASE_URL
 * (tests may change rows there, e.g. move a link's expiry); null on the embedded database.
 */
export function e2eDatabaseUrl(baseUrl: string): string | null {
  if (!process.env.TEST_DATABASE_URL) return null;
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = `/accounts_e2e_${new URL(baseUrl).port}`;
  return url.toString();
}

/** The administrator start-app.ts creates on the main test server (E2E_ADMIN). */
export const ADMIN = {
  username: "e2e_root",
  email: "root@accounts.test",
  password: "harbour quartz lantern 42 meadow",
};
