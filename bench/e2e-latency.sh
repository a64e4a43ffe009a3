#!/usr/bin/env bash
# POST /tasks → task.created frame at the user's WebSocket, with every
# service running (audit, recurring, ... consume the same events), at half
# of the peak create rate measured first in the same run.
# Bar (DESIGN §6): p50 <= 5 ms, p99 <= 25 ms.
#
#   bench/e2e-latency.sh [seconds, default 10]
source "$(dirname "$0")/../scripts/lib/common.sh"
source "$(dirname "$0")/../scripts/lib/postgres.sh"
secs="${1:-10}"
ensure_packages "${BUILD_PACKAGES[@]}" wrk curl
build_preset release --target todo-platform ws_latency
pg_throwaway bench
port="$(free_port)"
DATABASE_URL="$PG_URL" JWT_SECRET="bench-secret-0123456789abcdef0123456789" PORT="$port" LOG_LEVEL=warn \
  "$ROOT/build/release/bin/todo-platform" >"$WORK/platform.out" 2>"$WORK/platform.log" &
PLATFORM_PID=$!
for _ in $(seq 1 100); do curl -sf "localhost:$port/readyz" >/dev/null && break; sleep 0.1; done

signup() {
  local r
  r=$(curl -sf -X POST "localhost:$port/api/auth/sign-up" -H 'Content-Type: application/json' \
      -d "{\"email\":\"$1@example.com\",\"password\":\"correct horse\"}")
  echo "$(sed -E 's/.*"user":\{"id":"([^"]+)".*/\1/' <<<"$r") $(sed -E 's/.*"token":"([^"]+)".*/\1/' <<<"$r")"
}
read -r peak_user peak_token <<<"$(signup peak)"
cat >"$WORK/create.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $peak_token"
wrk.body = '{"title":"peak"}'
LUA
say "peak create rate, all services running (wrk, 8 connections, 5 s)"
peak=$(wrk -t1 -c8 -d5s -s "$WORK/create.lua" "http://127.0.0.1:$port/api/$peak_user/tasks" | awk '/Requests\/sec/ {print int($2)}')
echo "peak=${peak}/s"
# Let the consumers catch up with the peak run before measuring.
for _ in $(seq 1 300); do
  backlog=$(curl -sf "localhost:$port/metrics" | awk '/^event_log_backlog / {print $2}')
  [ "${backlog%.*}" = 0 ] && break
  sleep 0.1
done
read -r user token <<<"$(signup latency)"
rate=$(( peak / 2 ))
say "POST -> WebSocket frame at ${rate}/s (half of peak) for ${secs}s"
status=0
"$ROOT/build/release/bin/ws_latency" "$port" "$user" "$token" "$rate" "$secs" || status=$?
mkdir -p "$ROOT/test-output" && cp "$WORK/platform.log" "$ROOT/test-output/e2e-latency-platform.log"
exit $status
