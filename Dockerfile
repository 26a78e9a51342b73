# syntax=docker/dockerfile:1
# The account system as one container: Next.js's standalone build, run by server.mjs, plus the migration step.
#   docker build -t accounts .
#   docker run -p 3000:3000 -e APP_URL=… -e AUTH_SECRET=… -e SMTP_URL=… -e DATABASE_URL=… accounts
# Without DATABASE_URL the app keeps an embedded PostgreSQL (PGlite) in the /app/data volume.
# compose.yaml runs it with PostgreSQL and a mail catcher; README "Deploy with Docker" has the details.

FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
# One unprivileged user for the server and the CLI, so both can use the same /app/data volume.
RUN groupadd --system --gid 1001 accounts \
 && useradd --system --uid 1001 --gid accounts --home-dir /app/data --shell /usr/sbin/nologin accounts

# Dependencies first, so editing the code does not reinstall them. npm ci's postinstall generates the
# Prisma client, which needs the schema and the Prisma CLI wrapper.
FROM base AS deps
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma.mjs scripts/schema-engine.mjs ./scripts/
RUN npm ci --no-audit --no-fund

FROM deps AS builder
COPY . .
# assemble-standalone.mjs completes .next/standalone into /app/standalone: the server and its traced
# node_modules, plus .next/static, public/, prisma/ (schema and migrations), prisma.config.ts, the Prisma
# CLI with its schema-engine stand-in (the migration step), and scripts/docker-entrypoint.sh.
# tests/e2e/standalone.spec.ts starts the same folder the same way.
RUN npm run build && node scripts/assemble-standalone.mjs /app/standalone

# The operator CLI needs TypeScript sources and dev tooling (tsx), so it gets its own target:
#   docker compose run --rm accounts --help
FROM builder AS tools
ENV NODE_ENV=production DATA_DIR=/app/data PGLITE_DIR=/app/data/pglite HOME=/tmp
USER accounts
ENTRYPOINT ["npm", "run", "--silent", "accounts", "--"]

FROM base AS runner
ENV NODE_ENV=production \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/app/data \
    PGLITE_DIR=/app/data/pglite
# The code stays owned by root, so the server cannot rewrite itself; it writes only its data volume and
# Next.js's cache.
COPY --from=builder /app/standalone ./
RUN mkdir -p /app/data /app/.next/cache && chown accounts:accounts /app/data /app/.next/cache
USER accounts
VOLUME /app/data
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
