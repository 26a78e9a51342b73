import { startMailCatcher } from "./mail-catcher";
import { createTestDatabase } from "./database";

// Runs once before the vitest workers start; what it puts in process.env the workers inherit.
// Integration tests get a real SMTP server, and a fresh database: PostgreSQL when TEST_DATABASE_URL is set,
// otherwise an in-memory embedded PGlite per worker.
export default async function setup() {
  const catcher = await startMailCatcher();
  Object.assign(process.env, {
    NODE_ENV: "test",
    APP_URL: "http://localhost:3000",
    AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
    SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}`,
    MAIL_CATCHER_URL: catcher.httpUrl,
    MAIL_FROM: "Accounts <no-reply@accounts.test>",
    DATA_DIR: `/tmp/accounts-vitest-${process.pid}`,
  });
  if (process.env.TEST_DATABASE_URL) {
    process.env.DATABASE_URL = await createTestDatabase(process.env.TEST_DATABASE_URL);
    console.log(`integration tests on PostgreSQL: ${process.env.DATABASE_URL}`);
  } else {
    delete process.env.DATABASE_URL;
    process.env.PGLITE_DIR = "memory://";
    console.log("integration tests on embedded PGlite (set TEST_DATABASE_URL to use PostgreSQL)");
  }
  return () => catcher.close();
}
