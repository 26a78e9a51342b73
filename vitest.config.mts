import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true, alias: { "server-only": new URL("./tests/support/server-only-stub.ts", import.meta.url).pathname } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/support/vitest-global-setup.ts"],
    setupFiles: ["tests/support/vitest-setup.ts"],
    // One database per worker, shared by its test files (an in-memory PGlite costs seconds to create).
    isolate: false,
    // Files run one after another: the outbox tests toggle SMTP and drain the shared outbox.
    fileParallelism: false,
    // The burst tests (50 parallel wrong passwords, 20 racing sign-ups) test throttles and races, not the
    // admission limit, which is 8 flows per hash thread: 16 on a 2-core machine would refuse most of a burst
    // as "overloaded". Admission has its own tests (admission.test.ts), at whatever limit this sets.
    env: { HASH_ADMISSION_LIMIT: "1000" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
