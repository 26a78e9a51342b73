import { embeddedDatabase } from "@/lib/platform/db";
import { env } from "@/lib/platform/env";
import { applyMigrations } from "@/lib/platform/migrations";

// Each worker's in-memory PGlite starts empty; PostgreSQL was migrated by the global setup.
if (!env.DATABASE_URL) await applyMigrations(embeddedDatabase()!);
