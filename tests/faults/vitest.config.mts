import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The fault tests (`npx vitest run --config tests/faults/vitest.config.mts`): each file starts its own
// PostgreSQL, mail catcher and the production server, then breaks one of them. Files run one after another (two
// cores, and each stack is a few processes). `npm test` runs them last.
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  resolve: {
    tsconfigPaths: true,
    alias: { "server-only": fileURLToPath(new URL("../support/server-only-stub.ts", import.meta.url)) },
  },
  test: {
    include: ["tests/faults/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
