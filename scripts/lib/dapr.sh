# The Dapr sidecar (daprd) and the Dapr scheduler, built from the pinned Dapr
# Go module with the machine's Go (tools/daprd: our own main with only the
# components we use), cached, and run in self-hosted mode on 127.0.0.1 with
# no placement service and no mTLS (no sentry).
# Sourced after common.sh (uses say, die, ROOT, free_port).
#
#   ensure_dapr          build when missing; exports DAPRD_BIN, DAPR_SCHEDULER_BIN
#   dapr_scheduler_start <dir> <port> [etcd client port] [etcd peer port]
#                        [healthz port] [metrics port]
#                        standalone scheduler, embedded etcd with its data in
#                        <dir>/data; unset ports are picked free; waits until
#                        healthy. Sets DAPR_SCHEDULER_ADDRESS (127.0.0.1:<port>)
#                        and DAPR_SCHEDULER_PID; pid in <dir>/scheduler.pid,
#                        log in <dir>/scheduler.log, ports in <dir>/ports (a
#                        restart on the same <dir> reuses them; jobs persist).
#   dapr_scheduler_stop <dir> [deadline s]
#   daprd_start key=value... [-- extra daprd flags...]     (see below)
#   daprd_stop <pid> [deadline s]
#   daprd_wait_outbound <http port> [deadline s] [pid]
#                        polls GET /v1.0/healthz/outbound until 204 (components
#                        ready; the app need not be); with a pid, fails early
#                        when that daprd exits
#   daprd_wait_healthy <http port> [deadline s] [pid]
#                        GET /v1.0/healthz until 204 (app channel ready too)
#   dapr_stop_all        stops every daprd and scheduler started by this shell
#                        (not those started in a subshell)
#
# Name resolution: self-hosted daprd defaults to mdns, which announces on UDP
# 5353 on every interface, so concurrent runs on one machine that share app
# ids can resolve each other's sidecars. For an isolated one-machine run give
# every daprd a Configuration with
#   spec: {nameResolution: {component: sqlite, configuration:
#          {connectionString: "<run dir>/nr.db"}}}
# (tools/daprd registers mdns, sqlite and kubernetes resolvers).
#
# Tunables: TODO_CACHE (cache root), DAPR_LOG_LEVEL (info).

DAPR_VERSION=1.18.2

# The build directory's name carries a hash of our module, so a change to
# tools/daprd (main.go, go.mod, go.sum) builds new binaries next to the old.
_dapr_build_dir() {
  local src="$ROOT/tools/daprd" hash
  hash="$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum | cut -c1-12)"
  echo "${TODO_CACHE:-$HOME/.cache/todo-platform}/dapr-$DAPR_VERSION-$hash"
}

# Builds daprd and the scheduler unless the cached ones exist.
# Exports DAPRD_BIN and DAPR_SCHEDULER_BIN.
ensure_dapr() {
  local dir src="$ROOT/tools/daprd"
  command -v curl >/dev/null || ensure_packages curl
  dir="$(_dapr_build_dir)"
  if [ ! -x "$dir/bin/daprd" ] || [ ! -x "$dir/bin/scheduler" ]; then
    command -v go >/dev/null || die "Go is needed to build daprd (Go >= $(sed -n 's/^go //p' "$src/go.mod"))"
    grep -q "github.com/dapr/dapr v$DAPR_VERSION\$" "$src/go.mod" ||
      die "tools/daprd/go.mod does not require github.com/dapr/dapr v$DAPR_VERSION"
    mkdir -p "$dir"
    local tmp start=$SECONDS
    tmp="$(mktemp -d "$dir/bin.tmp.XXXXXX")"
    chmod 755 "$tmp"
    local flags=(-mod=readonly -buildvcs=false -p 2 -trimpath
      -ldflags "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$DAPR_VERSION")
    say "building daprd $DAPR_VERSION (tools/daprd) into $dir; a first build downloads modules and takes minutes"
    (cd "$src" && go build "${flags[@]}" -o "$tmp/daprd" .) ||
      { rm -rf "$tmp"; die "building daprd failed"; }
    say "building the Dapr scheduler $DAPR_VERSION"
    (cd "$src" && go build "${flags[@]}" -o "$tmp/scheduler" github.com/dapr/dapr/cmd/scheduler) ||
      { rm -rf "$tmp"; die "building the Dapr scheduler failed"; }
    # An incomplete bin/ (an interrupted copy) is replaced; a complete one
    # (another build won the race) is kept and ours dropped.
    if [ -d "$dir/bin" ] && { [ ! -x "$dir/bin/daprd" ] || [ ! -x "$dir/bin/scheduler" ]; }; then
      rm -rf "$dir/bin"
    fi
    mv -T "$tmp" "$dir/bin" 2>/dev/null || rm -rf "$tmp"
    say "daprd and scheduler built in $(( SECONDS - start ))s ($(du -sh "$dir/bin" | cut -f1))"
  fi
  export DAPRD_BIN="$dir/bin/daprd" DAPR_SCHEDULER_BIN="$dir/bin/scheduler"
}

_DAPR_PIDS=()

# _dapr_wait_http <url> <want status> <deadline seconds> [pid]
# Polls until the URL answers the status; fails at the deadline or when the
# process (if given) has exited.
_dapr_wait_http() {
  local url="$1" want="$2" deadline=$(( SECONDS + $3 )) pid="${4:-}" code
  while :; do
    code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" 2>/dev/null || true)"
    [ "$code" = "$want" ] && return 0
    [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && return 1
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

_dapr_stop_pid() {
  local pid="$1" deadline=$(( SECONDS + ${2:-20} ))
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then kill -KILL "$pid" 2>/dev/null || true; break; fi
    sleep 0.1
  done
  wait "$pid" 2>/dev/null || true
}

# dapr_scheduler_start <dir> <port> [etcd client port] [etcd peer port]
#                      [healthz port] [metrics port]
# Ports it opens, all on 127.0.0.1 except healthz (the 1.18 scheduler ignores
# --healthz-listen-address and binds healthz on all interfaces):
#   <port> gRPC (daprd connects here), etcd client, etcd peer, healthz, metrics.
dapr_scheduler_start() {
  local dir="$1" port="$2" etcd_client="${3:-}" etcd_peer="${4:-}" healthz="${5:-}" metrics="${6:-}"
  ensure_dapr
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ -f "$dir/scheduler.pid" ] && kill -0 "$(cat "$dir/scheduler.pid")" 2>/dev/null; then
    die "a Dapr scheduler is already running from $dir (pid $(cat "$dir/scheduler.pid"))"
  fi
  # etcd records its peer URL in its data: a restart on the same data dir
  # reuses the ports of the first start unless told otherwise.
  if [ -f "$dir/ports" ]; then
    local p_client p_peer p_healthz p_metrics
    read -r p_client p_peer p_healthz p_metrics <"$dir/ports"
    etcd_client="${etcd_client:-$p_client}" etcd_peer="${etcd_peer:-$p_peer}"
    healthz="${healthz:-$p_healthz}" metrics="${metrics:-$p_metrics}"
  fi
  [ -n "$etcd_client" ] || etcd_client="$(free_port)"
  [ -n "$etcd_peer" ] || etcd_peer="$(free_port)"
  [ -n "$healthz" ] || healthz="$(free_port)"
  [ -n "$metrics" ] || metrics="$(free_port)"
  echo "$etcd_client $etcd_peer $healthz $metrics" >"$dir/ports"
  say "starting the Dapr scheduler on 127.0.0.1:$port (etcd :$etcd_client/:$etcd_peer, healthz :$healthz, metrics :$metrics)"
  "$DAPR_SCHEDULER_BIN" \
    --mode standalone \
    --id dapr-scheduler-server-0 \
    --port "$port" --listen-address 127.0.0.1 \
    --healthz-port "$healthz" --healthz-listen-address 127.0.0.1 \
    --metrics-port "$metrics" --metrics-listen-address 127.0.0.1 \
    --etcd-data-dir "$dir/data" \
    --etcd-client-port "$etcd_client" --etcd-client-listen-address 127.0.0.1 \
    --etcd-initial-cluster "dapr-scheduler-server-0=http://127.0.0.1:$etcd_peer" \
    --identity-directory-write "$dir/identity" \
    --log-level "${DAPR_LOG_LEVEL:-info}" \
    >>"$dir/scheduler.log" 2>&1 </dev/null &
  DAPR_SCHEDULER_PID=$!
  _DAPR_PIDS+=("$DAPR_SCHEDULER_PID")
  echo "$DAPR_SCHEDULER_PID" >"$dir/scheduler.pid"
  DAPR_SCHEDULER_ADDRESS="127.0.0.1:$port"
  DAPR_SCHEDULER_HEALTHZ_PORT="$healthz"
  if ! _dapr_wait_http "http://127.0.0.1:$healthz/healthz" 200 "${DAPR_START_DEADLINE:-60}" "$DAPR_SCHEDULER_PID"; then
    tail -30 "$dir/scheduler.log" >&2
    dapr_scheduler_stop "$dir" 5
    die "the Dapr scheduler did not become healthy"
  fi
}

dapr_scheduler_stop() {
  local dir="$1"
  [ -f "$dir/scheduler.pid" ] || return 0
  _dapr_stop_pid "$(cat "$dir/scheduler.pid")" "${2:-20}"
  rm -f "$dir/scheduler.pid"
}

# daprd_start key=value... [-- extra daprd flags...]
#   app-id=ID               required
#   log=FILE                required; daprd's stdout+stderr (appended)
#   app-port=PORT           the app's port on 127.0.0.1 (omit: no app channel)
#   http-port=PORT          Dapr HTTP API        (default: a free port)
#   grpc-port=PORT          Dapr gRPC API        (default: a free port)
#   internal-grpc-port=PORT sidecar-to-sidecar   (default: a free port)
#   metrics-port=PORT       Prometheus /metrics  (default: a free port; 0 = metrics off)
#   resources=DIR[,DIR...]  components etc. (repeatable)
#   config=FILE             a Configuration YAML (repeatable)
#   scheduler=HOST:PORT     Dapr scheduler (default: $DAPR_SCHEDULER_ADDRESS if set)
#   env=NAME=VALUE          environment of daprd (repeatable), e.g. POD_NAME=…,
#                           DAPR_API_TOKEN=…, APP_API_TOKEN=…, NAMESPACE=…;
#                           those four are unset otherwise
#   log-level=LEVEL         (default $DAPR_LOG_LEVEL or info)
# Sets DAPRD_PID, DAPRD_HTTP_PORT, DAPRD_GRPC_PORT, DAPRD_INTERNAL_GRPC_PORT,
# DAPRD_METRICS_PORT. Does not wait: use daprd_wait_outbound.
daprd_start() {
  ensure_dapr
  local app_id="" log="" app_port="" http="" grpc="" internal="" metrics="" level="${DAPR_LOG_LEVEL:-info}"
  local scheduler="${DAPR_SCHEDULER_ADDRESS:-}" resources=() configs=() envs=() extra=()
  while [ $# -gt 0 ]; do
    case "$1" in
      app-id=*) app_id="${1#*=}" ;;
      log=*) log="${1#*=}" ;;
      app-port=*) app_port="${1#*=}" ;;
      http-port=*) http="${1#*=}" ;;
      grpc-port=*) grpc="${1#*=}" ;;
      internal-grpc-port=*) internal="${1#*=}" ;;
      metrics-port=*) metrics="${1#*=}" ;;
      resources=*) IFS=, read -r -a _r <<<"${1#*=}"; resources+=("${_r[@]}") ;;
      config=*) configs+=("${1#*=}") ;;
      scheduler=*) scheduler="${1#*=}" ;;
      env=*) envs+=("${1#env=}") ;;
      log-level=*) level="${1#*=}" ;;
      --) shift; extra=("$@"); break ;;
      *) die "daprd_start: unknown argument $1" ;;
    esac
    shift
  done
  [ -n "$app_id" ] || die "daprd_start: app-id= is required"
  [ -n "$log" ] || die "daprd_start: log= is required"
  [ -n "$http" ] || http="$(free_port)"
  [ -n "$grpc" ] || grpc="$(free_port)"
  [ -n "$internal" ] || internal="$(free_port)"
  [ -n "$metrics" ] || metrics="$(free_port)"
  local args=(--mode standalone --app-id "$app_id"
    --dapr-http-port "$http" --dapr-grpc-port "$grpc" --dapr-listen-addresses 127.0.0.1
    --dapr-internal-grpc-port "$internal" --dapr-internal-grpc-listen-address 127.0.0.1
    --enable-mtls=false --log-level "$level")
  if [ -n "$app_port" ]; then
    args+=(--app-port "$app_port" --app-protocol http --app-channel-address 127.0.0.1)
  fi
  if [ "$metrics" = 0 ]; then
    args+=(--enable-metrics=false)
  else
    args+=(--metrics-port "$metrics" --metrics-listen-address 127.0.0.1)
  fi
  local r c
  for r in "${resources[@]}"; do args+=(--resources-path "$r"); done
  for c in "${configs[@]}"; do args+=(--config "$c"); done
  [ -n "$scheduler" ] && args+=(--scheduler-host-address "$scheduler")
  mkdir -p "$(dirname "$log")"
  # env -u: a token or pod name in the caller's environment must not leak
  # into a sidecar that was not given one.
  env -u DAPR_API_TOKEN -u APP_API_TOKEN -u POD_NAME -u NAMESPACE "${envs[@]}" \
    "$DAPRD_BIN" "${args[@]}" "${extra[@]}" >>"$log" 2>&1 </dev/null &
  DAPRD_PID=$!
  _DAPR_PIDS+=("$DAPRD_PID")
  DAPRD_HTTP_PORT="$http" DAPRD_GRPC_PORT="$grpc" DAPRD_INTERNAL_GRPC_PORT="$internal" DAPRD_METRICS_PORT="$metrics"
}

daprd_stop() { _dapr_stop_pid "$1" "${2:-20}"; }

# daprd_wait_outbound <http port> [deadline seconds, default 60]
# 204 once daprd's components are ready (does not wait for the app).
daprd_wait_outbound() {
  _dapr_wait_http "http://127.0.0.1:$1/v1.0/healthz/outbound" 204 "${2:-60}" "${3:-}"
}

# daprd_wait_healthy <http port> [deadline seconds, default 60]
# 204 once daprd and its app channel are ready.
daprd_wait_healthy() {
  _dapr_wait_http "http://127.0.0.1:$1/v1.0/healthz" 204 "${2:-60}" "${3:-}"
}

dapr_stop_all() {
  local i
  for (( i=${#_DAPR_PIDS[@]}-1; i>=0; i-- )); do _dapr_stop_pid "${_DAPR_PIDS[$i]}" 20; done
  _DAPR_PIDS=()
}
