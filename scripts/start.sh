#!/usr/bin/env bash
# The one run command (README): installs what is missing, brings up PostgreSQL, Kafka and the
# MongoDB-compatible server (or uses PG_URL/KAFKA_BROKERS/MONGO_URL), then runs the platform.
# For now the platform is the proof pipeline; services join it as their issues land.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
bash infra/local/infra.sh up
exec npx tsx libs/eventing/proof/run-proof.ts "$@"
