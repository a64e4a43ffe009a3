#!/usr/bin/env bash
# Live-connection costs against DESIGN §6: memory of N idle WebSocket
# connections (bar: 10,000 in <= 300 MB RSS) and the time for one event to
# reach 1,000 connections of one user (bar: <= 50 ms).
#
#   bench/ws-fanout.sh [connections for the memory run, default 10000]
source "$(dirname "$0")/../scripts/lib/common.sh"
source "$(dirname "$0")/../scripts/lib/postgres.sh"
n="${1:-10000}"
ensure_packages "${BUILD_PACKAGES[@]}" curl
build_preset release --target todo-platform ws_fanout
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -gt $((n + 200)) ] ||
  die "the file descriptor limit $(ulimit -n) is too low for $n connections"

PG_FSYNC=off pg_throwaway bench
work="$WORK"
port="$(free_port)"

DATABASE_URL="$PG_URL" JWT_SECRET="bench-secret-0123456789abcdef0123456789" \
  PORT="$port" LOG_LEVEL=warn "$ROOT/build/release/bin/todo-platform" >"$work/platform.out" 2>"$work/platform.log" &
PLATFORM_PID=$!
for _ in $(seq 1 100); do curl -sf "localhost:$port/readyz" >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print $2}' "/proc/$PLATFORM_PID/status"; }

measure() {  # <connections>
  local count="$1" signup user token rss_before rss_after line
  signup=$(curl -sf -X POST "localhost:$port/api/auth/sign-up" -H 'Content-Type: application/json' \
           -d "{\"email\":\"bench-$count-$RANDOM@example.com\",\"password\":\"correct horse\"}")
  user=$(sed -E 's/.*"user":\{"id":"([^"]+)".*/\1/' <<<"$signup")
  token=$(sed -E 's/.*"token":"([^"]+)".*/\1/' <<<"$signup")
  rss_before=$(rss)
  coproc TOOL { "$ROOT/build/release/bin/ws_fanout" "$port" "$user" "$token" "$count"; }
  read -r line <&"${TOOL[0]}"; echo "$line"
  rss_after=$(rss)
  echo >&"${TOOL[1]}"
  read -r line <&"${TOOL[0]}"; echo "$line"
  wait "$TOOL_PID" || true
  echo "rss idle=$((rss_before / 1024)) MB with_${count}_connections=$((rss_after / 1024)) MB" \
       "per_connection=$(( (rss_after - rss_before) * 1024 / count )) bytes"
}

say "memory: $n idle connections (bar: 10,000 in <= 300 MB)"
measure "$n"
say "fan-out: one event to 1,000 connections of one user (bar: <= 50 ms)"
measure 1000
