#!/bin/sh
# The container's start: bring the database schema up to date, then become the server (exec, so the
# server is PID 1 and gets SIGTERM directly for its graceful shutdown). With DATABASE_URL the migrations
# run through Prisma's CLI; without it the app opens its embedded database in /app/data and migrates it
# itself as it starts. A failed migration stops the start: never serve on a schema the code does not expect.
set -eu
cd "$(dirname "$0")/.."

if [ -n "${DATABASE_URL:-}" ]; then
  node scripts/prisma.mjs migrate deploy
fi

# The server's Node/V8 flags and glibc malloc settings (README "Operate" says why) come from package.json's
# "config", which `npm start` and the bench read too; an operator's own NODE_OPTIONS and GLIBC_TUNABLES
# follow ours, so theirs win.
NODE_OPTIONS="$(node -p 'require("./package.json").config.serverNodeOptions') ${NODE_OPTIONS:-}"
GLIBC_TUNABLES="$(node -p 'require("./package.json").config.serverGlibcTunables')${GLIBC_TUNABLES:+:$GLIBC_TUNABLES}"
export NODE_OPTIONS GLIBC_TUNABLES
exec node server.mjs
