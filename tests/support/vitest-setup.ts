import { embeddedDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { applyMigrations } from "@/lib/migrations";

// Each worker's in-memory PGlite starts empty; PostgreSQL was migrated by the global setup.
if (!env.DATABASE_URL) await applyMigrations(embeddedDatabase()!);
