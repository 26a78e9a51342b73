// Where the browser and API tests find the servers that playwright.config.ts starts. E2E_PORT_BASE moves
// them all, so two checkouts can run their suites side by side.
const base = Number(process.env.E2E_PORT_BASE ?? 3100);

export const MAIL_CATCHER = { smtpPort: base + 98, httpUrl: `http://127.0.0.1:${base + 99}` };
/** `next start` (production mode) with real SMTP: the app under test. */
export const APP_URL = `http://localhost:${base}`;
/** `next dev` with no SMTP_URL: the embedded defaults and the dev mailbox. */
export const DEV_URL = `http://localhost:${base + 1}`;
/** `next start` whose emailed links expire after a few seconds, for the expired-link tests. */
export const SHORT_TTL_URL = `http://localhost:${base + 2}`;
export const SHORT_TTL_SECONDS = 6;
/** `node server.js` from the assembled standalone build (tests/e2e/standalone.spec.ts starts its own). */
export const STANDALONE_PORTS = { postgres: base + 7, embedded: base + 8 };
