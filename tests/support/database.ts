import pg from "pg";
import { applyMigrations } from "@/lib/platform/migrations";

/** Creates a fresh, migrated database next to `baseUrl` (a PostgreSQL server URL) and returns its URL. */
export async function createTestDatabase(baseUrl: string, prefix = "accounts_test"): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await applyMigrations(client);
  } finally {
    await client.end();
  }
  return url.toString();
}
