#!/usr/bin/env bash
# Starts or stops a PgBouncer in transaction mode in front of a PostgreSQL, for tests, CI and the benchmark:
# the way hosted databases are usually reached. PgBouncer refuses to run as root, so it runs as `postgres`.
#   scripts/pgbouncer.sh start DIR PORT POSTGRES_URL  -> prints the same URL with PgBouncer's port
#   scripts/pgbouncer.sh stop DIR
set -euo pipefail
bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
[ -x "$bin" ] || { echo "pgbouncer not found (apt-get install -y pgbouncer)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cmd=$1 dir=$2
case "$cmd" in
  start)
    port=$3 url=$4
    # postgresql://user@host:port/db (the form scripts/postgres.sh prints)
    rest=${url#*://}; user=${rest%%@*}; hostport=${rest#*@}; hostport=${hostport%%/*}
    host=${hostport%%:*}; pgport=${hostport##*:}
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
    cat > "$dir/pgbouncer.ini" <<EOF
[databases]
* = host=$host port=$pgport user=$user

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
; fewer server connections than clients, so that clients really do share them
default_pool_size = 8
max_client_conn = 1000
max_db_connections = 20
ignore_startup_parameters = extra_float_digits
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
admin_users = $user
EOF
    echo "\"$user\" \"\"" > "$dir/userlist.txt"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"/*
    as_pg "$bin" -d -q "$dir/pgbouncer.ini"
    for _ in $(seq 50); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
      sleep 0.1
    done
    echo "${url/:$pgport\//:$port/}" ;;
  stop)
    [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true ;;
  *) echo "usage: $0 start DIR PORT POSTGRES_URL | stop DIR" >&2; exit 2 ;;
esac
