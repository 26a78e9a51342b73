import "server-only";
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "@/lib/env";
import { lockPglite, unlockPglite } from "@/lib/pglite-lock";
import { PrismaClient } from "@/lib/generated/prisma/client";

// The one place that builds the database client: PostgreSQL through node-postgres when DATABASE_URL is
// set, otherwise the embedded PGlite in PGLITE_DIR (so `npm run dev` needs no database server).

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

type Holder = { client?: PrismaClient; pglite?: PGlite };
// Next.js may load this module once per bundle (instrumentation, routes); PGlite allows one opener per
// directory per process, so the client lives on globalThis.
const holder = ((globalThis as { __accountsDb?: Holder }).__accountsDb ??= {});

export function createClient(
  databaseUrl = env.DATABASE_URL,
  pgliteDir = env.PGLITE_DIR,
): { client: PrismaClient; pglite?: PGlite } {
  if (databaseUrl) {
    const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5_000 });
    return { client: new PrismaClient({ adapter }) };
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

/** The embedded database, when there is one (the migration applier needs its raw SQL interface). */
export function embeddedDatabase(): PGlite | undefined {
  client();
  return holder.pglite;
}

export async function disconnectDb(): Promise<void> {
  await holder.client?.$disconnect();
  await holder.pglite?.close();
  if (holder.pglite) unlockPglite(env.PGLITE_DIR);
  holder.client = undefined;
  holder.pglite = undefined;
}
