import "server-only";
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "@/lib/platform/env";
import { errorMessage, log } from "@/lib/platform/log";
import { lockPglite, unlockPglite } from "@/lib/platform/pglite-lock";
import { PrismaClient } from "@/lib/generated/prisma/client";

// The one place that builds the database client: PostgreSQL through node-postgres when DATABASE_URL is
// set, otherwise the embedded PGlite in PGLITE_DIR (so `npm run dev` needs no database server).

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

type Holder = { client?: PrismaClient; pglite?: PGlite; pool?: pg.Pool };
// Next.js may load this module once per bundle (instrumentation, routes); PGlite allows one opener per
// directory per process, so the client lives on globalThis.
const holder = ((globalThis as { __accountsDb?: Holder }).__accountsDb ??= {});

export function createClient(
  databaseUrl = env.DATABASE_URL,
  pgliteDir = env.PGLITE_DIR,
): { client: PrismaClient; pglite?: PGlite; pool?: pg.Pool } {
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5_000 });
    // An idle connection dropped by a database restart must not crash the process (pg throws unhandled
    // pool errors); the next query opens a new connection.
    pool.on("error", (error) => log.warn("an idle database connection failed", { error: errorMessage(error) }));
    return { client: new PrismaClient({ adapter: new PrismaPg(pool) }), pool };
  }
  if (!pgliteDir.startsWith("memory://")) {
    fs.mkdirSync(pgliteDir, { recursive: true });
    // Throws PgliteLockedError when another process (the app, the operator CLI) has the directory open.
    lockPglite(pgliteDir);
  }
  const pglite = new PGlite(pgliteDir);
  return { client: new PrismaClient({ adapter: new PrismaPGlite(pglite) }), pglite };
}

function client(): PrismaClient {
  if (!holder.client) Object.assign(holder, createClient());
  return holder.client!;
}

/** The shared client, created on first use (so `next build` never opens a database). */
export const db = new Proxy({} as PrismaClient, {
  get(_, property) {
    const target = client();
    const value = Reflect.get(target, property, target);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

/**
 * One read on the client's own connections, outside Prisma's query pipeline. It exists for the session
 * check that every signed-in page and API request makes (lib/sessions): there Prisma's per-query overhead
 * was the larger part of a Bearer request's cost (bench/README.md). Everything else goes through `db`.
 * The statement is unnamed on purpose: behind a transaction-mode pooler (PgBouncer) consecutive queries may
 * reach different server connections, where a named prepared statement does not exist. Select timestamps
 * `AT TIME ZONE 'UTC'` (Prisma stores UTC in columns without a zone) so that they arrive as instants.
 */
export async function directQuery<Row>(text: string, values: unknown[]): Promise<Row[]> {
  client();
  if (holder.pool) return (await holder.pool.query({ text, values })).rows as Row[];
  return (await holder.pglite!.query<Row>(text, values)).rows;
}

/** The embedded database, when there is one (the migration applier needs its raw SQL interface). */
export function embeddedDatabase(): PGlite | undefined {
  client();
  return holder.pglite;
}

export async function disconnectDb(): Promise<void> {
  await holder.client?.$disconnect();
  await holder.pool?.end();
  await holder.pglite?.close();
  if (holder.pglite) unlockPglite(env.PGLITE_DIR);
  holder.client = undefined;
  holder.pglite = undefined;
  holder.pool = undefined;
}
