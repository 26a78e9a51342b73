// Where the browser and API tests find the servers that playwright.config.ts starts. E2E_PORT_BASE moves
// them all, so two checkouts can run their suites side by side.
const base = Number(process.env.E2E_PORT_BASE ?? 3100);

/**
 * A stand-in browser app that the API tests serve themselves; the app under test lists it in CORS_ORIGINS.
 * On loopback like the app, so Chromium's private-network rules do not get in the way of CORS.
 */
export const SPA_ORIGIN = `http://127.0.0.1:${base + 97}`;
export const MAIL_CATCHER = { smtpPort: base + 98, httpUrl: `http://127.0.0.1:${base + 99}` };
/** `next start` (production mode) with real SMTP: the app under test. */
export const APP_URL = `http://localhost:${base}`;
/** `next dev` with no SMTP_URL: the embedded defaults and the dev mailbox. */
export const DEV_URL = `http://localhost:${base + 1}`;
