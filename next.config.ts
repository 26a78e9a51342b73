import type { NextConfig } from "next";

// Read by `next build` (and `next dev`) only: the build writes the resolved configuration into
// .next/required-server-files.json, and the production server (server.mjs) takes it from there, so the
// server never loads the TypeScript compiler a .ts config needs.

import createNextIntlPlugin from "next-intl/plugin";

// next-intl reads its per-request configuration (language, catalogue) from i18n/request.ts.
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./i18n/request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: "infer", precompile: true } },
});

const noStore = { key: "Cache-Control", value: "no-store, max-age=0" };

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The original SPA calls GET /api/ and expects the answer itself, not a redirect to /api.
  skipTrailingSlashRedirect: true,
  // `npm run typecheck` checks the whole project (tests included) as its own CI step; the build does not
  // repeat it.
  typescript: { ignoreBuildErrors: true },
  // A self-contained server (.next/standalone/server.js + the traced node_modules) for the container image.
  output: "standalone",
  // Read at run time by path, which tracing can miss: the embedded mode migrates itself from these files, and
  // @zxcvbn-ts/core (external, below) requires data files that the tracer does not follow.
  outputFileTracingIncludes: { "**": ["./prisma/migrations/**/*", "./node_modules/@zxcvbn-ts/**/*"] },
  // ./data holds a developer's embedded database, generated secret and dev mailbox; lib/platform/env.ts and
  // lib/email/outbox.ts name files in it, so tracing would otherwise copy them into the build output. Next.js
  // applies this to route traces only, so scripts/assemble-standalone.mjs also deletes data/ from its output.
  outputFileTracingExcludes: { "**": ["./data/**/*"] },
  // Native and WASM packages stay as plain Node requires instead of being bundled. So does zxcvbn: the
  // password-strength thread (lib/security/strength-thread.ts) requires it from node_modules, and if its
  // fallback loads it into the main thread, Node's require cache keeps one copy of the dictionaries (~25 MB of
  // heap), where each route bundle would build its own.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@node-rs/argon2",
    "pg",
    "@zxcvbn-ts/core",
    "@zxcvbn-ts/language-common",
    "@zxcvbn-ts/language-en",
    "@zxcvbn-ts/language-pt-br",
  ],
  experimental: {
    // Auth forms are tiny: the same 16 KB as MAX_BODY_BYTES in lib/platform/env.ts (SECURITY.md).
    serverActions: { bodySizeLimit: "16kb" },
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
        ],
      },
      // Token pages: the token must not leak through Referer or caches. `same-origin`, not `no-referrer`:
      // under no-referrer Chromium sends `Origin: null` on the page's own server-action POST, which Next.js refuses.
      ...["/confirm", "/reset-password", "/email-change"].map((source) => ({
        source,
        headers: [{ key: "Referrer-Policy", value: "same-origin" }, noStore],
      })),
      { source: "/account/:path*", headers: [noStore] },
      { source: "/account", headers: [noStore] },
      { source: "/admin", headers: [noStore] },
    ];
  },
};

export default withNextIntl(nextConfig);
