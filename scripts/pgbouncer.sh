#!/usr/bin/env bash
# Starts or stops a private PgBouncer in transaction mode in front of a PostgreSQL server, for the benchmark
# and tests: the pooler a hosted deployment often puts between the app and the database, where a session
# lasts one transaction (no session state, no named prepared statements across transactions).
#   scripts/pgbouncer.sh start DIR PORT UPSTREAM_PORT   -> prints postgresql://postgres@127.0.0.1:PORT/postgres
#   scripts/pgbouncer.sh stop DIR
# Every database of the upstream server (127.0.0.1:UPSTREAM_PORT, user postgres, trust) is reachable by name.
# PgBouncer refuses to run as root, so it runs as the `postgres` user when we are root.
set -euo pipefail
bin=${PGBOUNCER:-/usr/sbin/pgbouncer}
[ -x "$bin" ] || { echo "PgBouncer not found at $bin (apt-get install -y pgbouncer)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cmd=$1 dir=$2
case "$cmd" in
  start)
    port=$3 upstream=$4
    mkdir -p "$dir"
    cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$upstream user=postgres

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = any
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 20
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
ignore_startup_parameters = extra_float_digits,options
INI
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
    as_pg "$bin" -d "$dir/pgbouncer.ini"
    for _ in $(seq 1 50); do [ -s "$dir/pgbouncer.pid" ] && break; sleep 0.1; done
    [ -s "$dir/pgbouncer.pid" ] || { echo "PgBouncer did not start: $(tail -5 "$dir/pgbouncer.log" 2>/dev/null)" >&2; exit 1; }
    echo "postgresql://postgres@127.0.0.1:$port/postgres" ;;
  stop)
    [ -s "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -e "$dir/pgbouncer.pid" ] || break; sleep 0.1; done ;;
  *) echo "usage: $0 start DIR PORT UPSTREAM_PORT | stop DIR" >&2; exit 2 ;;
esac
