#!/usr/bin/env bash
# Start (or reuse) a throw-away PostgreSQL server on loopback for the test suite and print
# its DATABASE_URL. Installs Debian's PostgreSQL when it is missing and we are root.
set -euo pipefail
PORT=${CIVICSPACE_PG_PORT:-54329}
DIR=${CIVICSPACE_PG_DIR:-/tmp/civicspace-pg-$PORT}
URL="postgresql://civicspace@127.0.0.1:$PORT/civicspace"

bin_dir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && echo "$d"
}

if [ -z "$(bin_dir)" ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  else
    echo "scripts/postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
  fi
fi
BIN=$(bin_dir)

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-start}" = stop ]; then
  [ -d "$DIR/data" ] && as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >&2 || true
  exit 0
fi

if ! as_pg "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" 2>/dev/null; then
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    rm -rf "$DIR"; mkdir -p "$DIR/data" "$DIR/run"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$DIR"
    as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
    -o "-p $PORT -k $DIR/run -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2
  as_pg "$BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -c "CREATE ROLE civicspace LOGIN SUPERUSER" >/dev/null 2>&1 || true
  as_pg "$BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -c "CREATE DATABASE civicspace OWNER civicspace" >/dev/null 2>&1 || true
fi
echo "$URL"
