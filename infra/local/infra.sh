#!/usr/bin/env bash
# Brings up PostgreSQL, Apache Kafka (KRaft) and a MongoDB-compatible server as local processes,
# for machines without a Docker engine. Each server already answering on its URL is reused.
#
#   infra.sh up | down | status
#
# Everything it writes (data, logs, pid files, built binaries) lives under $INFRA_HOME
# (default: <repo>/.local, git-ignored). Downloads are cached by Maven (~/.m2) and Go.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
INFRA_HOME=${INFRA_HOME:-$repo/.local}
PG_URL=${PG_URL:-postgres://platform:platform-dev@127.0.0.1:5432/platform}
KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:9092}
MONGO_URL=${MONGO_URL:-mongodb://127.0.0.1:27017/}
PG_VERSION=${PG_VERSION:-15}
KAFKA_HEAP=${KAFKA_HEAP:--Xms256m -Xmx768m}

logs=$INFRA_HOME/logs
run=$INFRA_HOME/run
probe() { node "$here/probe.mjs" "$@"; }
say() { printf '[infra] %s\n' "$*"; }
fail() {
  printf '[infra] ERROR: %s\n' "$1" >&2
  [ -n "${2:-}" ] && printf '[infra] next: %s\n' "$2" >&2
  exit 1
}
# Prints the host:port of a URL (postgres://u:p@host:port/db or mongodb://host:port/).
host_port() { sed -E 's#^[a-z]+://([^@/]*@)?([^/?]+).*#\2#' <<<"$1"; }
is_local() { [[ "$(host_port "$1")" =~ ^(127\.0\.0\.1|localhost): ]]; }
running() { [ -f "$run/$1.pid" ] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }

wait_for() { # name, seconds, probe args...
  local name=$1 secs=$2 i
  shift 2
  for ((i = 0; i < secs; i++)); do
    if probe "$@" >/dev/null 2>&1; then return 0; fi
    [ $((i % 10)) -eq 9 ] && say "  still waiting for $name ($((i + 1)) s)"
    sleep 1
  done
  return 1
}

# ---------------------------------------------------------------- PostgreSQL
pg_bin=/usr/lib/postgresql/$PG_VERSION/bin
pg_data=$INFRA_HOME/postgres

pg_install() {
  [ -x "$pg_bin/postgres" ] && return 0
  say "PostgreSQL $PG_VERSION is not installed: installing Debian's postgresql package (about a minute)"
  [ "$(id -u)" = 0 ] || fail "installing PostgreSQL needs root" "run 'sudo apt-get install postgresql' or set PG_URL to a running server"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$logs/apt.log" 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$PG_VERSION" >>"$logs/apt.log" 2>&1 ||
    fail "apt-get install postgresql-$PG_VERSION failed (log: $logs/apt.log)" "check the Debian mirror, or set PG_URL to a running server"
}

# postgres refuses to run as root, so the cluster belongs to the 'postgres' user; it must be able
# to reach its data directory through every parent (a fresh clone may sit in a 0700 temp dir).
pg_grant_path() {
  local d=$pg_data
  while [ "$d" != / ]; do
    d=$(dirname "$d")
    if ! su postgres -s /bin/sh -c "test -x '$d'" 2>/dev/null; then
      chmod o+x "$d"
      say "  gave others search (x) permission on $d so the postgres user can reach its data"
    fi
  done
}

pg_up() {
  if probe pg "$PG_URL" >/dev/null 2>&1; then
    say "PostgreSQL answers on $(host_port "$PG_URL"): reused"
    return 0
  fi
  is_local "$PG_URL" || fail "PostgreSQL does not answer on $PG_URL" "start that server, or unset PG_URL to run a local one"
  pg_install
  local user pass db port
  user=$(sed -E 's#^postgres(ql)?://([^:@]+).*#\2#' <<<"$PG_URL")
  pass=$(sed -E 's#^postgres(ql)?://[^:]+:([^@]+)@.*#\2#' <<<"$PG_URL")
  db=$(sed -E 's#^.*/([^/?]+)(\?.*)?$#\1#' <<<"$PG_URL")
  port=${PG_URL##*:}
  port=${port%%/*}
  mkdir -p "$pg_data"
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$pg_data"
    pg_grant_path
    as_pg() { su postgres -s /bin/bash -c "$*"; }
  else
    as_pg() { bash -c "$*"; }
  fi
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    say "initialising a PostgreSQL cluster in $pg_data"
    local pwfile
    pwfile=$(mktemp)
    echo "$pass" >"$pwfile"
    chmod 644 "$pwfile"
    as_pg "$pg_bin/initdb -D '$pg_data' -U '$user' --pwfile='$pwfile' --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8" >"$logs/postgres-initdb.log" 2>&1 ||
      { rm -f "$pwfile"; fail "initdb failed (log: $logs/postgres-initdb.log)" "remove $pg_data and run infra:up again"; }
    rm -f "$pwfile"
    cat >>"$pg_data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 300
shared_buffers = 512MB
fsync = on
synchronous_commit = on
CONF
  fi
  say "starting PostgreSQL on 127.0.0.1:$port"
  touch "$logs/postgres.log" && chmod 666 "$logs/postgres.log"
  as_pg "$pg_bin/pg_ctl -D '$pg_data' -l '$logs/postgres.log' -w -t 60 start" >/dev/null ||
    fail "PostgreSQL did not start (log: $logs/postgres.log)" "is port $port taken? 'ss -ltnp | grep $port'"
  head -1 "$pg_data/postmaster.pid" >"$run/postgres.pid"
  probe pg-ensure-db "$PG_URL" "$db" >/dev/null || fail "cannot create database $db" "see $logs/postgres.log"
  wait_for PostgreSQL 30 pg "$PG_URL" || fail "PostgreSQL started but $PG_URL does not answer" "see $logs/postgres.log"
  say "PostgreSQL ready"
}

pg_down() {
  [ -f "$pg_data/postmaster.pid" ] || return 0
  say "stopping PostgreSQL"
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/bash -c "$pg_bin/pg_ctl -D '$pg_data' -m fast -w stop" >/dev/null || true
  else
    "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null || true
  fi
  rm -f "$run/postgres.pid"
}

# ---------------------------------------------------------------- Kafka
kafka_home=$INFRA_HOME/kafka

kafka_fetch() {
  if [ -f "$kafka_home/libs/.complete" ] && cmp -s "$here/kafka/pom.xml" "$kafka_home/libs/.complete"; then return 0; fi
  say "fetching Apache Kafka's jars from Maven Central with mvn (cached in ~/.m2; first time a few minutes)"
  command -v mvn >/dev/null || fail "mvn is not on the PATH" "install Maven (apt-get install maven)"
  rm -rf "$kafka_home/libs"
  mvn -q -B -f "$here/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$kafka_home/libs" >"$logs/kafka-mvn.log" 2>&1 ||
    fail "mvn could not fetch Kafka's jars (log: $logs/kafka-mvn.log)" "check that Maven Central is reachable"
  cp "$here/kafka/pom.xml" "$kafka_home/libs/.complete"
}

kafka_up() {
  if probe kafka "$KAFKA_BROKERS" >/dev/null 2>&1; then
    say "Kafka answers on $KAFKA_BROKERS: reused"
    return 0
  fi
  [[ "$KAFKA_BROKERS" =~ ^(127\.0\.0\.1|localhost):9092$ ]] ||
    fail "Kafka does not answer on $KAFKA_BROKERS" "start that broker, or unset KAFKA_BROKERS to run a local one"
  command -v java >/dev/null || fail "java is not on the PATH" "install a JDK 17 (apt-get install openjdk-17-jre-headless)"
  kafka_fetch
  mkdir -p "$kafka_home/data"
  sed "s#@DATA@#$kafka_home/data#" "$here/kafka/server.properties" >"$kafka_home/server.properties"
  local cp="$kafka_home/libs/*"
  if [ ! -f "$kafka_home/data/meta.properties" ]; then
    say "formatting Kafka's KRaft storage"
    local cluster_id
    cluster_id=$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
    java -cp "$cp" -Dlog4j.configuration="file:$here/kafka/log4j.properties" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$kafka_home/server.properties" >"$logs/kafka-format.log" 2>&1 ||
      fail "formatting Kafka's storage failed (log: $logs/kafka-format.log)" "remove $kafka_home/data and run infra:up again"
  fi
  say "starting Kafka (KRaft, broker+controller) on 127.0.0.1:9092"
  # shellcheck disable=SC2086
  KAFKA_LOG_DIR=$logs nohup java $KAFKA_HEAP -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$here/kafka/log4j.properties" -Dkafka.logs.dir="$logs" \
    -cp "$cp" kafka.Kafka "$kafka_home/server.properties" >"$logs/kafka.out" 2>&1 &
  echo $! >"$run/kafka.pid"
  say "  waiting until a message can be produced and consumed"
  wait_for Kafka 120 kafka "$KAFKA_BROKERS" || fail "Kafka did not become ready in 120 s (log: $logs/kafka.out)" "look at the log; 'npm run infra:down' then 'npm run infra:up' retries"
  say "Kafka ready"
}

kafka_down() {
  running kafka || return 0
  say "stopping Kafka"
  local pid i
  pid=$(cat "$run/kafka.pid")
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$run/kafka.pid"
}

# ---------------------------------------------------------------- MongoDB-compatible server
ferret_bin=$INFRA_HOME/ferretdb/ferretdb

ferret_build() {
  if [ -x "$ferret_bin" ] && [ "$ferret_bin" -nt "$here/ferretdb/go.sum" ] && [ "$ferret_bin" -nt "$here/ferretdb/main.go" ]; then return 0; fi
  command -v go >/dev/null || fail "go is not on the PATH" "install Go, or put a real mongod on the PATH, or set MONGO_URL"
  say "building FerretDB 1.24 with Go from the module proxy (first time about 2-3 minutes)"
  mkdir -p "$(dirname "$ferret_bin")"
  (cd "$here/ferretdb" && GOFLAGS=-mod=mod go build -trimpath -o "$ferret_bin" .) >"$logs/ferretdb-build.log" 2>&1 ||
    fail "building FerretDB failed (log: $logs/ferretdb-build.log)" "check that the Go module proxy is reachable"
}

mongo_up() {
  if probe mongo "$MONGO_URL" >/dev/null 2>&1; then
    say "MongoDB-compatible server answers on $(host_port "$MONGO_URL"): reused"
    return 0
  fi
  is_local "$MONGO_URL" || fail "no MongoDB-compatible server answers on $MONGO_URL" "start it, or unset MONGO_URL to run a local one"
  local port=${MONGO_URL##*:}
  port=${port%%/*}
  if command -v mongod >/dev/null; then
    mkdir -p "$INFRA_HOME/mongod"
    say "starting the mongod found on the PATH on 127.0.0.1:$port"
    nohup mongod --bind_ip 127.0.0.1 --port "$port" --dbpath "$INFRA_HOME/mongod" >"$logs/mongod.log" 2>&1 &
    echo $! >"$run/mongo.pid"
  else
    ferret_build
    # FerretDB keeps its data in its own database of the PostgreSQL above.
    local ferret_pg
    ferret_pg=$(sed -E 's#/[^/?]+(\?.*)?$#/ferretdb#' <<<"$PG_URL")
    probe pg-ensure-db "$PG_URL" ferretdb >/dev/null ||
      fail "cannot create FerretDB's database in PostgreSQL" "check that $PG_URL may CREATE DATABASE"
    say "starting FerretDB (PostgreSQL backend) on 127.0.0.1:$port"
    nohup "$ferret_bin" -listen-addr "127.0.0.1:$port" -handler postgresql -postgresql-url "$ferret_pg" >"$logs/ferretdb.log" 2>&1 &
    echo $! >"$run/mongo.pid"
  fi
  wait_for "the MongoDB-compatible server" 60 mongo "$MONGO_URL" ||
    fail "the MongoDB-compatible server did not answer in 60 s" "see $logs/ferretdb.log or $logs/mongod.log"
  say "MongoDB-compatible server ready"
}

mongo_down() {
  running mongo || return 0
  say "stopping the MongoDB-compatible server"
  kill "$(cat "$run/mongo.pid")" 2>/dev/null || true
  rm -f "$run/mongo.pid"
}

# ---------------------------------------------------------------- commands
status_line() { # name url probe-kind
  local out
  if out=$(probe "$3" "$2" 2>&1); then
    printf '  %-28s up    %s\n' "$1" "$out"
  else
    printf '  %-28s down  %s\n' "$1" "$(tail -1 <<<"$out")"
  fi
}

mkdir -p "$logs" "$run"
[ -d "$repo/node_modules/kafkajs" ] || fail "node_modules is missing" "run 'npm ci' in $repo first"

case "${1:-}" in
up)
  start=$SECONDS
  pg_up
  kafka_up
  mongo_up
  say "all up in $((SECONDS - start)) s: PG_URL=$PG_URL KAFKA_BROKERS=$KAFKA_BROKERS MONGO_URL=$MONGO_URL"
  ;;
down)
  mongo_down
  kafka_down
  pg_down
  say "all down"
  ;;
status)
  echo "local infrastructure (data under $INFRA_HOME):"
  status_line "PostgreSQL" "$PG_URL" pg
  status_line "Kafka" "$KAFKA_BROKERS" kafka
  status_line "MongoDB-compatible server" "$MONGO_URL" mongo
  ;;
*)
  echo "usage: infra.sh up | down | status" >&2
  exit 2
  ;;
esac
