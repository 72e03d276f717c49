#!/usr/bin/env bash
# The one run command (README): installs what is missing, brings up PostgreSQL, Kafka and the
# MongoDB-compatible server (or uses PG_URL/KAFKA_BROKERS/MONGO_URL), then runs the platform:
# the orders, workforce and dispatch services (with demo data: the demo workers answer their offers
# themselves) and the GraphQL gateway in front of them.
# Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
echo "[start] building the web console (apps/console)"
npm run -s build:console
bash infra/local/infra.sh up

export ORDERS_PORT="${ORDERS_PORT:-4001}" WORKFORCE_PORT="${WORKFORCE_PORT:-4002}" DISPATCH_PORT="${DISPATCH_PORT:-4003}"
export GATEWAY_PORT="${GATEWAY_PORT:-4000}"
export SEED_DEMO_DATA="${SEED_DEMO_DATA:-true}" DEMO_WORKERS_ANSWER="${DEMO_WORKERS_ANSWER:-true}"
# The console's development sign-in (a demo person and role); the gateway refuses it in production.
export DEV_SIGN_IN="${DEV_SIGN_IN:-true}"
export SUBGRAPHS="${SUBGRAPHS:-orders=http://127.0.0.1:${ORDERS_PORT}/graphql,workforce=http://127.0.0.1:${WORKFORCE_PORT}/graphql,dispatch=http://127.0.0.1:${DISPATCH_PORT}/graphql}"
mkdir -p .local/logs

pids=()
stop() {
  trap - INT TERM EXIT
  echo "[start] stopping orders, workforce, dispatch and gateway"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

# node itself (not npx) so that the recorded pid is the process that gets SIGTERM.
node --import tsx services/orders/src/main.ts &
pids+=($!)
node --import tsx services/workforce/src/main.ts &
pids+=($!)
node --import tsx services/dispatch/src/main.ts &
pids+=($!)
node --import tsx gateway/src/main.ts > >(sed -u 's/^/[gateway] /') 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:${GATEWAY_PORT}/readyz" > /dev/null; then
    token=$(npx tsx gateway/src/token-cli.ts --role dispatcher --sub demo-dispatcher --branch shanghai 2>/dev/null || true)
    cat <<MSG
[start] ready.
  web console:          http://127.0.0.1:${GATEWAY_PORT}/   (sign in as a demo person; workers and customers get the phone view)
  GraphQL (one graph):  http://127.0.0.1:${GATEWAY_PORT}/graphql   (GraphiQL explorer in a browser)
  orders subgraph:      http://127.0.0.1:${ORDERS_PORT}/graphql
  workforce subgraph:   http://127.0.0.1:${WORKFORCE_PORT}/graphql
  dispatch subgraph:    http://127.0.0.1:${DISPATCH_PORT}/graphql   (the demo orders are being dispatched now)
  dispatch board:       { dispatchBoard(branchId: "shanghai", day: "<YYYY-MM-DD>") { counts { waiting offering assigned failed } } }
  staff import:         POST http://127.0.0.1:${GATEWAY_PORT}/imports/staff (through the gateway; CSV or XLSX, admin or station leader token; or the console: 系统管理 › 员工导入)
  a station leader:     npm run token -- --role station_leader --sub leader-sh-xuhui --branch shanghai --station sh-xuhui
  partner webhooks:     POST http://127.0.0.1:${ORDERS_PORT}/webhooks/orders/{douyin_live,tmall,brand_aftersales}
  a dispatcher token:   npm run token -- --role dispatcher --sub u1 --branch shanghai
  ${token:+Authorization: Bearer ${token}}
MSG
    if [[ "${1:-}" == "--once" ]]; then exit 0; fi
    wait "${pids[@]}"
    exit 0
  fi
  sleep 1
done
echo "[start] the gateway did not become ready in 120 s; see the [orders], [workforce], [dispatch] and [gateway] lines above" >&2
exit 1
