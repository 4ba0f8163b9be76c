#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL server on loopback for the test suites, using Debian's
# postgresql package. Prints the URL to export as URBIA_TEST_DATABASE_URL.
#   scripts/pg-test-server.sh start [DIR] [PORT]    scripts/pg-test-server.sh stop [DIR]
set -euo pipefail
cmd=${1:-start}
dir=${2:-/tmp/urbia-test-pg}
port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

# PostgreSQL refuses to run as root; run it as the 'postgres' user the Debian package creates.
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

case "$cmd" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres "$dir"
      as_pg "'$bin/initdb' -D '$dir' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null"
    fi
    if ! as_pg "'$bin/pg_ctl' -D '$dir' status" >/dev/null 2>&1; then
      as_pg "'$bin/pg_ctl' -D '$dir' -l '$dir/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -k /tmp -c max_connections=200\" start" >/dev/null
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_pg "'$bin/pg_ctl' -D '$dir' -m fast stop" >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop [DIR] [PORT]" >&2; exit 2 ;;
esac
