#!/usr/bin/env bash
# dist_stop (scripts/lib/distributed.sh) stops a system that was started from
# the same shell, whatever other children that shell has. scripts/run-distributed
# starts every process from its own shell and waits on a `sleep 3600` of its
# own; a bare `wait` in dist_stop waited for all of them — for the sidecars,
# Kafka and the scheduler it had not stopped yet — so Ctrl-C stopped the
# services and then hung.
#
# The processes here are `sleep`s (and a Python sleep for the edge) behind
# the pid files dist_stop reads.
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$ROOT/scripts/lib/kafka.sh"
source "$ROOT/scripts/lib/dapr.sh"
source "$ROOT/scripts/lib/distributed.sh"

dir="$(mktemp -d)"
stopped="" unrelated="" watchdog=""
# A failing run leaves no stand-in behind.
trap 'kill $stopped $unrelated $watchdog 2>/dev/null; rm -rf "$dir"' EXIT
trap 'exit 1' TERM   # the watchdog's signal: leave through the EXIT trap
mkdir -p "$dir/apps/todo-api-0" "$dir/apps/gateway-0" "$dir/edge" "$dir/scheduler" "$dir/kafka"
: >"$dir/system.env"
start() { sleep 600 & echo $! >"$1"; }
for app in todo-api-0 gateway-0; do
  start "$dir/apps/$app/service.pid"
  start "$dir/apps/$app/daprd.pid"
done
# The edge is stopped with SIGQUIT, which a background job of a script
# ignores: a Python sleep that takes it, and writes its pid file once it does.
python3 -c 'import os, signal, sys, time
signal.signal(signal.SIGQUIT, lambda *_: os._exit(0))
open(sys.argv[1], "w").write(f"{os.getpid()}\n")
time.sleep(600)' "$dir/edge/nginx.pid.launcher" &
deadline=$(( SECONDS + 30 ))
until [ -s "$dir/edge/nginx.pid.launcher" ]; do
  [ $SECONDS -lt $deadline ] || { echo "FAIL: the edge stand-in did not start"; exit 1; }
  sleep 0.05
done
start "$dir/scheduler/scheduler.pid"
start "$dir/kafka/kafka.pid"
stopped=$(cat "$dir"/apps/*/*.pid "$dir/edge/nginx.pid.launcher" "$dir/scheduler/scheduler.pid" "$dir/kafka/kafka.pid")

sleep 600 & unrelated=$!   # like scripts/run-distributed's own wait
# The deadline: a dist_stop that waits for the unrelated child never returns.
( sleep 60; echo "FAIL: dist_stop did not return within 60 s"; kill -TERM $$ ) & watchdog=$!

dist_stop "$dir"
kill "$watchdog" 2>/dev/null
watchdog=""
status=0
for pid in $stopped; do
  if kill -0 "$pid" 2>/dev/null; then echo "FAIL: process $pid was not stopped"; status=1; fi
done
kill -0 "$unrelated" 2>/dev/null || { echo "FAIL: dist_stop stopped a process that is not the system's"; status=1; }
for f in "$dir"/apps/*/*.pid "$dir/edge/nginx.pid.launcher"; do
  [ ! -e "$f" ] || { echo "FAIL: $f is left behind"; status=1; }
done
[ $status = 0 ] && echo "PASS: dist_stop stopped the system's $(wc -w <<<"$stopped") processes, and only those, without waiting for the shell's other children"
exit $status
