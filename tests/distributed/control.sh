#!/usr/bin/env bash
# Process control of a running one-machine distributed system, for the
# distributed test suite: control.sh <run dir> <command> [app] [replica]
#
#   kill-service <app> [replica]    kill -9 the service
#   start-service <app> [replica]   start it again (same ports) and wait until ready
#   kill-sidecar <app> [replica]    kill -9 its daprd
#   start-sidecar <app> [replica]   start the daprd again and wait until the service is ready
#   kafka-stop | kafka-start        stop the broker / start it again on the same data
#   kafka-kill                      kill -9 the broker (a crash)
#   postgres-stop | postgres-start  stop / start the database ($DIST_PG_DIR, $DIST_PG_PORT)
#   wait-ready <app> [replica]
#   wait-consumers                  every sidecar has joined its Kafka consumer group
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$ROOT/scripts/lib/postgres.sh"
source "$ROOT/scripts/lib/dapr.sh"
source "$ROOT/scripts/lib/kafka.sh"
source "$ROOT/scripts/lib/distributed.sh"

dir="$1" command="$2" app="${3:-}" replica="${4:-0}"
case "$command" in
  kill-service) dist_kill_service "$dir" "$app" "$replica" ;;
  start-service) dist_start_service "$dir" "$app" "$replica" && dist_wait_ready "$dir" "$app" "$replica" 120 ;;
  kill-sidecar) dist_kill_sidecar "$dir" "$app" "$replica" ;;
  start-sidecar) dist_start_sidecar "$dir" "$app" "$replica" && dist_wait_ready "$dir" "$app" "$replica" 120 ;;
  kafka-stop) dist_kafka_stop "$dir" ;;
  kafka-start) dist_kafka_start "$dir" ;;
  kafka-kill) dist_kafka_kill "$dir" ;;
  postgres-stop) pg_stop "${DIST_PG_DIR:?the database directory is not known}" ;;
  postgres-start) pg_start "${DIST_PG_DIR:?the database directory is not known}" "${DIST_PG_PORT:?}" ;;
  wait-ready) dist_wait_ready "$dir" "$app" "$replica" 120 ;;
  wait-consumers) dist_wait_consumers "$dir" 120 ;;
  *) die "control.sh: unknown command $command" ;;
esac
