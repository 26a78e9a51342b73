import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { applyMigrations, readMigrations } from "@/lib/platform/migrations";
import { consumeToken, issueToken, peekToken } from "@/lib/security/tokens";
import { createSession, validateSession } from "@/lib/sessions/sessions";
import { metaFactory, registeredUser } from "./accounts-support";

// Expiry is compared inside the database (`"expiresAt" > now()`), so it must mean the same instant whatever
// TimeZone the database runs in: a hosted PostgreSQL is often set to the operator's local zone.

const meta = metaFactory(import.meta.url);
const HOUR = 3600;
const sha256 = (value: string) => crypto.createHash("sha256").update(value).digest("hex");

/** Sets the database's default TimeZone for new connections, and makes the app's client reconnect. */
async function useDatabaseTimeZone(zone: string | null) {
  const [{ name }] = await db.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
  await db.$executeRawUnsafe(
    zone ? `ALTER DATABASE "${name}" SET timezone TO '${zone}'` : `ALTER DATABASE "${name}" RESET timezone`,
  );
  await disconnectDb();
}

/** A connection of its own (as an operator's psql would open), in the database's default TimeZone. */
async function outsideConnection() {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  return client;
}

// The embedded database always runs in UTC: only a PostgreSQL server can be set to another zone.
const onPostgres = describe.skipIf(!env.DATABASE_URL);

afterAll(async () => {
  if (env.DATABASE_URL) await useDatabaseTimeZone(null);
});

onPostgres.each(["America/Los_Angeles", "Asia/Tokyo"])("on a database whose TimeZone is %s", (zone) => {
  it("runs in that zone", async () => {
    await useDatabaseTimeZone(zone);
    const outside = await outsideConnection();
    try {
      const { rows } = await outside.query<{ zone: string }>(`SELECT current_setting('TimeZone') AS zone`);
      expect(rows[0].zone).toBe(zone);
    } finally {
      await outside.end();
    }
  });

  it("accepts a reset link issued a moment ago", async () => {
    const user = await registeredUser("tzfresh", meta());
    const raw = await db.$transaction((tx) => issueToken(tx, user.id, "reset_password", HOUR));
    expect(await peekToken(raw, "reset_password")).toEqual({ state: "valid", userId: user.id });
    expect(await db.$transaction((tx) => consumeToken(tx, raw, "reset_password"))).toBe(user.id);
  });

  it("refuses a reset link that expired a minute ago", async () => {
    const user = await registeredUser("tzexpired", meta());
    const raw = await db.$transaction((tx) => issueToken(tx, user.id, "reset_password", HOUR));
    await db.token.update({ where: { hash: sha256(raw) }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    expect(await peekToken(raw, "reset_password")).toMatchObject({ state: "expired" });
    expect(await db.$transaction((tx) => consumeToken(tx, raw, "reset_password"))).toBeNull();
  });

  it("reads back the instant it stored", async () => {
    const user = await registeredUser("tzinstant", meta());
    const [{ now }] = await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
    expect(Math.abs(now.getTime() - Date.now())).toBeLessThan(60_000);
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { createdAt: true } });
    expect(Math.abs(stored.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("compares expiry as an instant from a connection in that zone too", async () => {
    const user = await registeredUser("tzoutside", meta());
    const raw = await db.$transaction((tx) => issueToken(tx, user.id, "reset_password", HOUR));
    const outside = await outsideConnection();
    try {
      const live = async () =>
        (
          await outside.query<{ live: boolean }>(`SELECT "expiresAt" > now() AS live FROM "Token" WHERE hash = $1`, [
            sha256(raw),
          ])
        ).rows[0].live;
      expect(await live()).toBe(true);
      await db.token.update({ where: { hash: sha256(raw) }, data: { expiresAt: new Date(Date.now() - 60_000) } });
      expect(await live()).toBe(false);
    } finally {
      await outside.end();
    }
  });

  it("keeps a fresh session signed in and ends an expired one", async () => {
    const user = await registeredUser("tzsession", meta());
    const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const sessionId = await createSession({ id: user.id, sessionVersion }, "web", meta());
    expect((await validateSession(sessionId))?.user.id).toBe(user.id);
    await db.session.update({ where: { id: sessionId }, data: { expires: new Date(Date.now() - 60_000) } });
    expect(await validateSession(sessionId)).toBeNull();
  });
});

describe("the migration to zoned timestamps", () => {
  it("keeps every stored instant, whatever the TimeZone it runs in", { timeout: 120_000 }, async () => {
    const database = new PGlite();
    try {
      const migrations = readMigrations();
      const index = migrations.findIndex((migration) => migration.name.endsWith("_timestamptz"));
      const before = migrations.slice(0, index);
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-tz-"));
      for (const migration of before) {
        fs.mkdirSync(path.join(folder, migration.name));
        fs.writeFileSync(path.join(folder, migration.name, "migration.sql"), migration.sql);
      }
      await applyMigrations(database, folder);
      // The old columns held UTC wall-clock times, as Prisma wrote them.
      await database.exec(`
        INSERT INTO "User" (id, email, username, "passwordHash", "updatedAt", "createdAt")
        VALUES ('00000000-0000-4000-8000-000000000001', 'tz@example.test', 'tzuser', 'x',
                '2026-06-01 12:00:00', '2026-06-01 12:00:00')`);
      await database.exec(`SET TIME ZONE 'Asia/Tokyo'`);
      await applyMigrations(database);
      const { rows } = await database.query<{ createdAt: Date }>(`SELECT "createdAt" FROM "User"`);
      expect(rows[0].createdAt.toISOString()).toBe("2026-06-01T12:00:00.000Z");
      fs.rmSync(folder, { recursive: true });
    } finally {
      await database.close();
    }
  });
});
