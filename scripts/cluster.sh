#!/usr/bin/env bash
# A whole Urbia cluster on loopback, from Debian's packages: a PostgreSQL primary, a hot-standby replica
# (pg_basebackup -R, streaming replication), PgBouncer in front of the primary (pool_mode=transaction),
# N app processes (`urbia serve` on PostgreSQL through PgBouncer) and HAProxy balancing them with health
# checks on /api/v1/health. Everything it starts keeps a pid file in the directory; `down` stops only those.
#   scripts/cluster.sh up     [--nodes N] [--dir D] [--port P] [--no-replica] [--no-fsync]
#   scripts/cluster.sh down   [--dir D]
#   scripts/cluster.sh status [--dir D]
# --port is HAProxy's port (default: a free one); the other ports are free ones, written to D/cluster.env.
# --no-fsync: PostgreSQL without fsync, for throwaway clusters (tests); a machine crash can corrupt such a cluster.
set -euo pipefail
cmd=${1:-}
shift || true
nodes=3
dir=/tmp/urbia-cluster
lbport=
replica=1
fsync=on
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --port) lbport=$2; shift 2 ;;
    --no-replica) replica=0; shift ;;
    --no-fsync) fsync=off; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

# PostgreSQL and PgBouncer refuse to run as root: run them as the 'postgres' user the Debian package creates.
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
alive() { [ -f "$1" ] && kill -0 "$(head -n 1 "$1")" 2>/dev/null; }
need() { command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || { echo "$1 is missing (apt-get install $2)" >&2; exit 1; }; }
t0=$(date +%s%N)
# the time each step of `up` took, in DIR/up.log (what makes a slow start slow)
mark() { echo "$(( ($(date +%s%N) - t0) / 1000000 )) ms: $1" >> "$dir/up.log"; }
wait_http() { # url seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

up() {
  [ -n "$pgbin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
  need /usr/sbin/pgbouncer pgbouncer; need /usr/sbin/haproxy haproxy; need curl curl
  if [ -f "$dir/cluster.env" ] && alive "$dir/primary/postmaster.pid"; then echo "a cluster already runs in $dir (scripts/cluster.sh down --dir $dir)" >&2; exit 1; fi
  rm -rf "$dir"; mkdir -p "$dir/data" "$dir/pg"
  # a failed `up` stops what it had started
  trap 'rc=$?; if [ $rc -ne 0 ]; then echo "up failed: stopping what it started" >&2; down >&2; fi' EXIT
  [ "$(id -u)" = 0 ] && chown postgres "$dir/pg"
  local pport rport bport
  pport=$(free_port); rport=$(free_port); bport=$(free_port); lbport=${lbport:-$(free_port)}
  local ports=() i
  for i in $(seq 1 "$nodes"); do ports+=("$(free_port)"); done

  # 1. the primary
  as_pg "'$pgbin/initdb' -D '$dir/pg/primary' -A trust -U postgres -E UTF8 --locale=C.UTF-8 $([ "$fsync" = off ] && echo --no-sync) >/dev/null"
  cat >> "$dir/pg/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pport
unix_socket_directories = '$dir/pg'
max_connections = 200
wal_level = replica
max_wal_senders = 5
hot_standby = on
fsync = $fsync
full_page_writes = $fsync
CONF
  echo "host replication postgres 127.0.0.1/32 trust" >> "$dir/pg/primary/pg_hba.conf"
  as_pg "'$pgbin/pg_ctl' -D '$dir/pg/primary' -l '$dir/pg/primary.log' -w start" >/dev/null
  ln -sf pg/primary/postmaster.pid "$dir/primary.pid"
  mark 'primary started'
  as_pg "'$pgbin/createdb' -h 127.0.0.1 -p $pport -U postgres urbia"

  # 2. the replica: a base backup with -R (standby.signal + primary_conninfo) streams from the primary
  #    made in the background while PgBouncer starts and the nodes start and migrate (it streams what they write)
  local replica_job=
  if [ "$replica" = 1 ]; then
    (
      as_pg "'$pgbin/pg_basebackup' -h 127.0.0.1 -p $pport -U postgres -D '$dir/pg/replica' -R -X stream -c fast $([ "$fsync" = off ] && echo --no-sync)"
      as_pg "sed -i 's/^port = .*/port = $rport/' '$dir/pg/replica/postgresql.conf'"
      as_pg "'$pgbin/pg_ctl' -D '$dir/pg/replica' -l '$dir/pg/replica.log' -w start" >/dev/null
      ln -sf pg/replica/postmaster.pid "$dir/replica.pid"
      mark 'replica started'
    ) > "$dir/replica.log" 2>&1 &
    replica_job=$!
  fi

  # 3. PgBouncer in transaction mode in front of the primary
  cat > "$dir/pg/pgbouncer.ini" <<CONF
[databases]
urbia = host=127.0.0.1 port=$pport dbname=urbia user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bport
unix_socket_dir =
auth_type = any
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 40
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pg/pgbouncer.log
pidfile = $dir/pg/pgbouncer.pid
CONF
  [ "$(id -u)" = 0 ] && chown postgres "$dir/pg/pgbouncer.ini"
  as_pg "/usr/sbin/pgbouncer -d '$dir/pg/pgbouncer.ini'" >/dev/null
  for _ in $(seq 1 50); do [ -s "$dir/pg/pgbouncer.pid" ] && break; sleep 0.1; done
  ln -sf pg/pgbouncer.pid "$dir/pgbouncer.pid"
  mark 'pgbouncer started'

  local direct="postgres://postgres@127.0.0.1:$pport/urbia"
  local pooled="postgres://postgres@127.0.0.1:$bport/urbia"
  local replicaurl=""
  [ "$replica" = 1 ] && replicaurl="postgres://postgres@127.0.0.1:$rport/urbia"
  cat > "$dir/cluster.env" <<ENV
URBIA_CLUSTER_DIR=$dir
URBIA_CLUSTER_URL=http://127.0.0.1:$lbport
PRIMARY_PORT=$pport
REPLICA_PORT=$([ "$replica" = 1 ] && echo "$rport")
PGBOUNCER_PORT=$bport
NODE_PORTS="${ports[*]}"
DATABASE_URL=$pooled
DATABASE_DIRECT_URL=$direct
DATABASE_REPLICA_URL=$replicaurl
ENV

  # 4. the web app is built once here, not by each node at its first start
  ( cd "$root" && node --import tsx -e "await (await import('./src/core/webbuild.ts')).ensureWebBuilt()" ) > "$dir/webbuild.log" 2>&1 || { cat "$dir/webbuild.log" >&2; exit 1; }

  mark 'web app built'
  # 5. the app nodes, all at once: each migrates on the direct connection first (Kysely's migrator holds a session
  #    advisory lock there, so one applies the migrations and the others wait and find nothing pending). One shared
  #    data directory for uploads (URBIA_STORAGE=local), or the bucket when URBIA_STORAGE=s3 and S3_* are exported.
  #    Each in its own session (setsid): the nodes outlive the shell that ran `up`; `down` stops them by pid.
  for i in $(seq 1 "$nodes"); do
    ( cd "$root" && exec setsid env PORT="${ports[$((i-1))]}" HOST=127.0.0.1 URBIA_DATA_DIR="$dir/data" DATABASE_URL="$pooled" \
        DATABASE_DIRECT_URL="$direct" DATABASE_REPLICA_URL="$replicaurl" TRUST_PROXY=127.0.0.1 LOG_LEVEL="${LOG_LEVEL:-warn}" \
        URBIA_TILE_URL=none URBIA_NODE_NAME="node$i" node bin/urbia.js serve ) < /dev/null > "$dir/node$i.log" 2>&1 &
    echo $! > "$dir/node$i.pid"
  done
  for i in $(seq 1 "$nodes"); do
    wait_http "http://127.0.0.1:${ports[$((i-1))]}/api/v1/health" 120 || { echo "node$i did not start; see $dir/node$i.log" >&2; tail -n 20 "$dir/node$i.log" >&2; exit 1; }
  done

  if [ -n "$replica_job" ]; then wait "$replica_job" || { echo "the replica did not start; see $dir/replica.log" >&2; cat "$dir/replica.log" >&2; exit 1; }; fi
  mark 'nodes healthy'
  # 6. HAProxy balancing the nodes, each checked on /api/v1/health every second
  {
    cat <<CONF
global
  maxconn 2000
  log stderr format raw local0
defaults
  mode http
  log global
  option httplog
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  option forwardfor
  # a new connection to a node per request: a node's death then never closes a client's idle keep-alive connection
  option http-server-close
  # a node that died is routed around at once, before its health checks fail: a refused connection is retried
  # on another node; a GET whose node closed without answering is sent again (never a write: it may have landed)
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response response-timeout
frontend urbia
  bind 127.0.0.1:$lbport
  default_backend nodes
backend nodes
  balance roundrobin
  http-request disable-l7-retry unless METH_GET
  option httpchk GET /api/v1/health
  http-check expect status 200
CONF
    for i in $(seq 1 "$nodes"); do echo "  server node$i 127.0.0.1:${ports[$((i-1))]} check inter 1s fall 2 rise 1"; done
  } > "$dir/haproxy.cfg"
  # in the foreground of its own session, so that its request log goes to DIR/haproxy.log
  ( exec setsid /usr/sbin/haproxy -db -f "$dir/haproxy.cfg" ) < /dev/null > "$dir/haproxy.log" 2>&1 &
  echo $! > "$dir/haproxy.pid"
  wait_http "http://127.0.0.1:$lbport/api/v1/health" 20 || { echo "HAProxy does not answer on $lbport" >&2; exit 1; }
  mark 'haproxy up'
  echo "Urbia cluster is up: http://127.0.0.1:$lbport ($nodes nodes; settings in $dir/cluster.env)"
}

# running PID NAME: the process exists, is not a zombie waiting to be reaped, and is still NAME (not a reused pid)
running() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null && grep -q "$2" "/proc/$1/cmdline" 2>/dev/null; }
# stop PID NAME: SIGTERM, wait up to 10 s for it to exit, then SIGKILL
stop() {
  running "$1" "$2" || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do running "$1" "$2" || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

down() {
  [ -d "$dir" ] || { echo "nothing in $dir"; return 0; }
  local f
  [ -f "$dir/haproxy.pid" ] && stop "$(cat "$dir/haproxy.pid")" haproxy
  # the nodes finish their requests in parallel
  for f in "$dir"/node*.pid; do [ -f "$f" ] && { stop "$(cat "$f")" urbia.js & }; done
  wait
  rm -f "$dir"/node*.pid "$dir/haproxy.pid"
  [ -s "$dir/pg/pgbouncer.pid" ] && stop "$(cat "$dir/pg/pgbouncer.pid")" pgbouncer
  [ -f "$dir/pg/replica/PG_VERSION" ] && as_pg "'$pgbin/pg_ctl' -D '$dir/pg/replica' -m fast -w stop" >/dev/null 2>&1 || true
  [ -f "$dir/pg/primary/PG_VERSION" ] && as_pg "'$pgbin/pg_ctl' -D '$dir/pg/primary' -m fast -w stop" >/dev/null 2>&1 || true
  echo "Urbia cluster in $dir is down"
}

status() {
  [ -f "$dir/cluster.env" ] || { echo "no cluster in $dir"; return 1; }
  # shellcheck disable=SC1091
  . "$dir/cluster.env"
  local f name
  for f in primary replica pgbouncer haproxy; do
    [ -e "$dir/$f.pid" ] || continue
    if alive "$dir/$f.pid"; then echo "$f: running (pid $(head -n 1 "$dir/$f.pid"))"; else echo "$f: stopped"; fi
  done
  local i=0 p
  for p in $NODE_PORTS; do
    i=$((i+1)); name=node$i
    if alive "$dir/$name.pid"; then
      echo "$name: running (pid $(cat "$dir/$name.pid"), http://127.0.0.1:$p, health $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p/api/v1/health"))"
    else echo "$name: stopped"; fi
  done
  if [ -n "${REPLICA_PORT:-}" ] && alive "$dir/replica.pid"; then
    as_pg "'$pgbin/psql' -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -Atc \"select 'replica lag: ' || coalesce(application_name,'') || ' ' || state || ', ' || pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) || ' bytes behind, replay lag ' || coalesce(replay_lag::text, '0') from pg_stat_replication\"" || true
  fi
  echo "load balancer: $URBIA_CLUSTER_URL"
}

case "$cmd" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status [--nodes N] [--dir D] [--port P] [--no-replica] [--no-fsync]" >&2; exit 2 ;;
esac
