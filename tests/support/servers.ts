// Where the browser and API tests find the servers that playwright.config.ts starts.
export const MAIL_CATCHER = { smtpPort: 2525, httpUrl: "http://127.0.0.1:3199" };
/** `next start` (production mode) with real SMTP: the app under test. */
export const APP_URL = "http://localhost:3100";
/** `next dev` with no SMTP_URL: the embedded defaults and the dev mailbox. */
export const DEV_URL = "http://localhost:3101";
