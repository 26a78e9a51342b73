import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// Applies prisma/migrations/*/migration.sql to the embedded database at start, and records each one in
// Prisma's own `_prisma_migrations` table exactly as `prisma migrate deploy` does, so the Prisma CLI
// later sees the database as up to date. (Prisma's CLI cannot open an in-process PGlite by itself.)

/** What the applier needs from a connection: PGlite and node-postgres's Client both fit. */
export interface SqlConnection {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec?(sql: string): Promise<unknown>;
}

export class MigrationError extends Error {}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export function readMigrations(dir = MIGRATIONS_DIR): { name: string; sql: string; checksum: string }[] {
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, entry.name, "migration.sql")),
    )
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const raw = fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"));
      return { name, sql: raw.toString("utf8"), checksum: crypto.createHash("sha256").update(raw).digest("hex") };
    });
}

/** Applies the pending migrations in name order; returns the names applied. */
export async function applyMigrations(connection: SqlConnection, dir = MIGRATIONS_DIR): Promise<string[]> {
  const run = (sql: string) => (connection.exec ? connection.exec(sql) : connection.query(sql));
  await run(CREATE_TABLE);
  const { rows } = await connection.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const applied = new Map(rows.filter((row) => row.finished_at).map((row) => [row.migration_name, row.checksum]));
  const done: string[] = [];

  for (const migration of readMigrations(dir)) {
    const checksum = applied.get(migration.name);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new MigrationError(
          `Migration ${migration.name} was changed after it was applied; restore the original file.`,
        );
      }
      continue;
    }
    // Each migration runs in its own transaction, so a failure leaves no partial schema behind and the
    // next start simply retries it.
    try {
      await run("BEGIN");
      await run(migration.sql);
      await connection.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [crypto.randomUUID(), migration.checksum, migration.name],
      );
      await run("COMMIT");
    } catch (error) {
      await run("ROLLBACK");
      const message = error instanceof Error ? error.message : String(error);
      throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${message}`);
    }
    done.push(migration.name);
  }
  return done;
}
