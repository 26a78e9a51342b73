import "server-only";
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "@/lib/platform/env";
import { errorMessage, log } from "@/lib/platform/log";
import { lockPglite, unlockPglite } from "@/lib/platform/pglite-lock";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

// The one place that builds the database client: PostgreSQL through node-postgres when DATABASE_URL is
// set, otherwise the embedded PGlite in PGLITE_DIR (so `npm run dev` needs no database server).

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

type Holder = { client?: PrismaClient; pglite?: PGlite; pool?: pg.Pool };
// Next.js may load this module once per bundle (instrumentation, routes); PGlite allows one opener per
// directory per process, so the client lives on globalThis.
const holder = ((globalThis as { __accountsDb?: Holder }).__accountsDb ??= {});

/**
 * A connection that talks in UTC whatever the database's own TimeZone: Prisma's PostgreSQL adapter sends and
 * reads instants as UTC wall-clock text. PgBouncer tracks TimeZone per client and sets it again on whichever
 * server connection it hands out, so this one setting is safe behind a transaction-mode pooler.
 */
class UtcClient extends pg.Client {
  // pg.Pool calls connect(callback); the setting is in place before the pool hands the connection out.
  override connect(): Promise<pg.Client>;
  override connect(callback: (error: Error | null, client?: pg.Client) => void): void;
  override connect(callback?: (error: Error | null, client?: pg.Client) => void): Promise<pg.Client> | void {
    // Until the pool has the connection and listens for its errors, a connection that dies during the SET
    // fails the SET (and so the connect); without this listener pg would also throw the error at the process.
    const ignore = () => {};
    this.on("error", ignore);
    const ready = super
      .connect()
      .then(async () => {
        await this.query("SET TIME ZONE 'UTC'");
        return this as pg.Client;
      })
      .finally(() => this.off("error", ignore));
    if (!callback) return ready;
    ready.then((client) => callback(null, client), callback);
  }
}

export function createClient(
  databaseUrl = env.DATABASE_URL,
  pgliteDir = env.PGLITE_DIR,
): { client: PrismaClient; pglite?: PGlite; pool?: pg.Pool } {
  if (databaseUrl) {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 10,
      connectionTimeoutMillis: 5_000,
      Client: UtcClient,
    });
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
 * One parameterised statement on the client's own connections, outside Prisma's query pipeline. It exists
 * for the two hottest paths: the session check that every signed-in page and API request makes
 * (lib/sessions), and the statements of a password sign-in around its hash (the per-address limit, the
 * attempt count, the account lookup, the session start). There Prisma's per-query overhead was the larger
 * part of the cost (bench/README.md). Everything else goes through `db`. The statement is unnamed on
 * purpose: a transaction-mode pooler (PgBouncer) hands each query to whichever server connection is free,
 * so nothing may rely on a statement prepared on an earlier one.
 */
export async function directQuery<Row>(text: string, values: unknown[]): Promise<Row[]> {
  const prisma = client();
  if (holder.pool) return (await holder.pool.query({ text, values })).rows as Row[];
  // The embedded database has one session, which Prisma's adapter hands to one transaction at a time. A
  // statement sent to it directly would run inside whatever transaction is open there (and be rolled back
  // with it), so here it waits its turn through Prisma like any other.
  return prisma.$queryRawUnsafe<Row[]>(text, ...values);
}

/** directQuery for a statement built with `Prisma.sql` (fragments of several modules joined into one). */
export function directSql<Row>(statement: Prisma.Sql): Promise<Row[]> {
  return directQuery<Row>(statement.text, statement.values);
}

/**
 * Writes sent as one statement: every write but the last as a query of its WITH clause, so they cost one
 * round trip where each of them costs less than one. PostgreSQL runs every one of them, in the same snapshot
 * (none sees another's rows), and checks their foreign keys when the statement ends, so a row may refer to
 * one inserted beside it. Used on the hot paths: a sign-in's session start, a sign-up's new account.
 */
export function oneStatement(writes: Prisma.Sql[]): Prisma.Sql {
  const last = writes.at(-1);
  if (!last) throw new RangeError("oneStatement needs at least one write");
  const named = writes.slice(0, -1).map((write, i) => Prisma.sql`${Prisma.raw(`w${i}`)} AS (${write})`);
  return named.length ? Prisma.sql`WITH ${Prisma.join(named)} ${last}` : last;
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
