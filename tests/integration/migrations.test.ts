import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "@/lib/platform/migrations";

const open: PGlite[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

function freshDatabase() {
  const db = new PGlite();
  open.push(db);
  return db;
}

function migrationsFolder(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("the embedded migration applier", () => {
  it("applies every migration to a fresh database and records it as Prisma does", async () => {
    const db = freshDatabase();
    const names = readMigrations().map((migration) => migration.name);
    expect(await applyMigrations(db)).toEqual(names);
    const { rows } = await db.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date;
      applied_steps_count: number;
    }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    const first = fs.readFileSync(path.join(MIGRATIONS_DIR, names[0], "migration.sql"));
    const { createHash } = await import("node:crypto");
    expect(rows[0].checksum).toBe(createHash("sha256").update(first).digest("hex"));
    expect(rows.every((row) => row.finished_at instanceof Date && row.applied_steps_count === 1)).toBe(true);
    await db.query(`SELECT id, username, email, "sessionVersion" FROM "User"`);
  });

  it("applies nothing when everything is already applied", async () => {
    const db = freshDatabase();
    await applyMigrations(db);
    expect(await applyMigrations(db)).toEqual([]);
  });

  it("rolls back a failed migration, keeps earlier ones, and applies it once fixed", async () => {
    const db = freshDatabase();
    const dir = migrationsFolder({
      "001_good": `CREATE TABLE "Good" (id int);`,
      "002_bad": `CREATE TABLE "Half" (id int); SELECT * FROM "NoSuchTable";`,
    });
    await expect(applyMigrations(db, dir)).rejects.toThrow(/002_bad failed and was rolled back/);
    const tables = await db.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    expect(tables.rows.map((row) => row.tablename).sort()).toEqual(["Good", "_prisma_migrations"]);

    fs.writeFileSync(path.join(dir, "002_bad", "migration.sql"), `CREATE TABLE "Half" (id int);`);
    expect(await applyMigrations(db, dir)).toEqual(["002_bad"]);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const db = freshDatabase();
    const dir = migrationsFolder({ "001_good": `CREATE TABLE "Good" (id int);` });
    await applyMigrations(db, dir);
    fs.writeFileSync(path.join(dir, "001_good", "migration.sql"), `CREATE TABLE "Good" (id bigint);`);
    await expect(applyMigrations(db, dir)).rejects.toThrow(/001_good was changed after it was applied/);
  });
});
