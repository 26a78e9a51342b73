import { defineConfig } from "prisma/config";

// The Prisma CLI's own configuration (the app builds its client in lib/platform/db.ts).
// DATABASE_URL is read here because the CLI runs outside the app; lib/platform/env.ts is the app's reader.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/accounts" },
});
