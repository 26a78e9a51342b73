#!/usr/bin/env bash
# Starts or stops a private PostgreSQL in a temp folder for tests, CI and the benchmark.
# PostgreSQL refuses to run as root, so the server runs as the `postgres` user when we are root.
#   scripts/postgres.sh start DIR PORT   -> prints postgresql://postgres@127.0.0.1:PORT/postgres
#   scripts/postgres.sh stop DIR
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install -y postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cmd=$1 dir=$2
case "$cmd" in
  start)
    port=$3
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir" -A trust -U postgres >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/log" -w -o "-p $port -c listen_addresses=127.0.0.1 -k /tmp -c fsync=off -c max_connections=200" start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres" ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
