# The whole distributed system on one machine (DESIGN §8.6): Kafka, the Dapr
# scheduler, every service executable beside its own daprd (self-hosted,
# loading deploy/dapr), and an nginx edge. Used by scripts/run-distributed
# and by the distributed test suite (tests/distributed/control.sh).
# Sourced after common.sh, postgres.sh, dapr.sh and kafka.sh.
#
#   dist_start <dir> <database url> <jwt secret> <edge port>
#       starts everything under <dir> (a fresh or reused run directory) and
#       waits until every service answers /readyz. Writes <dir>/system.env.
#       DIST_BIN: where the service executables are (default build/release/bin)
#       DIST_WS_REPLICAS: websocket-service replicas (default 1)
#       DIST_TOKENS=0: run without Dapr API tokens (default: tokens both ways)
#       DIST_SERVICE_ENV: extra "NAME=value ..." settings for every service
#   dist_stop <dir>                         stops what dist_start started
#   dist_start_app <dir> <app> [replica]    one service and its sidecar
#   dist_start_service / dist_kill_service <dir> <app> [replica]
#   dist_start_sidecar / dist_kill_sidecar <dir> <app> [replica]
#   dist_wait_ready <dir> <app> [replica] [deadline s]
#   dist_kafka_stop / dist_kafka_kill / dist_kafka_start <dir>
#   dist_wait_consumers <dir> [deadline s]  every sidecar has joined its consumer group
#
# Layout of <dir>: system.env (ports, pids, addresses), secrets.json (0600,
# the secret store), kafka/, scheduler/, edge/, and apps/<app>-<replica>/
# with ports.env, service.log, daprd.log and their pid files. Ports are kept
# across restarts of a replica, so a killed service comes back where its
# sidecar expects it.
#
# Services get no DATABASE_URL and no JWT_SECRET: they read both from the
# secret store through their sidecar, as in a cluster.

# The app ids: one folder per service under src/services (the registry of
# src/services/registry.cpp lists the same six).
dist_apps() {
  local d
  for d in "$ROOT"/src/services/*/; do basename "$d"; done
}

# Topics of DESIGN §2.1 and §8.5: the streams and one dead-letter topic per
# consuming service (the gateway consumes nothing).
dist_topics() {
  echo task-events task-updates reminders
  local app
  for app in $(dist_apps); do [ "$app" = gateway ] || echo "$app.deadletter"; done
}

_dist_var() { printf '%s' "$1" | tr 'a-z-' 'A-Z_'; }

_dist_env_set() {  # _dist_env_set <dir> NAME VALUE
  local file="$1/system.env"
  touch "$file"
  sed -i "/^$2=/d" "$file"
  printf '%s=%q\n' "$2" "$3" >>"$file"
}

_dist_load() { set -a; source "$1/system.env"; set +a; }

_dist_pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

_dist_stop_pidfile() {  # _dist_stop_pidfile <file> [signal] [deadline s]
  local file="$1" sig="${2:-TERM}" deadline=$(( SECONDS + ${3:-20} )) pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -"$sig" "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then kill -KILL "$pid" 2>/dev/null || true; break; fi
      sleep 0.1
    done
  fi
  rm -f "$file"
}

_dist_replica_dir() { echo "$1/apps/$2-${3:-0}"; }

# Ports of one replica: chosen once, kept for restarts.
_dist_ports() {
  local rdir="$1"
  if [ ! -f "$rdir/ports.env" ]; then
    mkdir -p "$rdir"
    {
      echo "APP_PORT=$(free_port)"
      echo "DAPR_HTTP=$(free_port)"
      echo "DAPR_GRPC=$(free_port)"
      echo "DAPR_INTERNAL=$(free_port)"
      echo "DAPR_METRICS=$(free_port)"
    } >"$rdir/ports.env"
  fi
  # shellcheck disable=SC1091
  source "$rdir/ports.env"
}

dist_start_service() {
  local dir="$1" app="$2" replica="${3:-0}" rdir
  _dist_load "$dir"
  rdir="$(_dist_replica_dir "$dir" "$app" "$replica")"
  _dist_ports "$rdir"
  _dist_pid_alive "$rdir/service.pid" && return 0
  local env=(RUNTIME=dapr PORT="$APP_PORT" DAPR_HOST=127.0.0.1 DAPR_HTTP_PORT="$DAPR_HTTP"
    LOG_FORMAT=json LOG_LEVEL="${DIST_LOG_LEVEL:-info}" DB_POOL_SIZE="${DIST_DB_POOL_SIZE:-8}"
    WEB_ROOT="$ROOT/web/dist")
  # DIST_SERVICE_ENV: extra NAME=value settings for every service (A/B runs).
  # shellcheck disable=SC2206
  [ -n "${DIST_SERVICE_ENV:-}" ] && env+=(${DIST_SERVICE_ENV})
  if [ -n "${DAPR_API_TOKEN_VALUE:-}" ]; then
    env+=(DAPR_API_TOKEN="$DAPR_API_TOKEN_VALUE" APP_API_TOKEN="$APP_API_TOKEN_VALUE")
  fi
  # A clean environment: nothing of the caller's (DATABASE_URL, JWT_SECRET…)
  # leaks in; the service reads its secrets from the secret store.
  env -i PATH="$PATH" HOME="${HOME:-/root}" "${env[@]}" "$DIST_BIN/$app" >>"$rdir/service.log" 2>&1 </dev/null &
  echo $! >"$rdir/service.pid"
}

dist_start_sidecar() {
  local dir="$1" app="$2" replica="${3:-0}" rdir
  _dist_load "$dir"
  rdir="$(_dist_replica_dir "$dir" "$app" "$replica")"
  _dist_ports "$rdir"
  _dist_pid_alive "$rdir/daprd.pid" && return 0
  local env=(env=KAFKA_BROKERS="$KAFKA_BOOTSTRAP" env=SECRETS_FILE="$dir/secrets.json" env=POD_NAME="$app-$replica")
  if [ -n "${DAPR_API_TOKEN_VALUE:-}" ]; then
    env+=(env=DAPR_API_TOKEN="$DAPR_API_TOKEN_VALUE" env=APP_API_TOKEN="$APP_API_TOKEN_VALUE")
  fi
  # The run directory is daprd's working directory: the sqlite name
  # resolution file of deploy/dapr/local/config.yaml lives there.
  # The app is probed every second (the system is up as soon as it answers)
  # but called unhealthy only after 15 failures, as on Kubernetes (3 probes
  # 5 s apart): a service that crashes and restarts must not flap its
  # sidecar's subscriptions. Dapr 1.18's Kafka component can lose a topic
  # when the same subscription is stopped and started again in quick
  # succession (docs/distributed.md, "Known issues").
  pushd "$dir" >/dev/null
  daprd_start app-id="$app" log="$rdir/daprd.log" app-port="$APP_PORT" \
    http-port="$DAPR_HTTP" grpc-port="$DAPR_GRPC" internal-grpc-port="$DAPR_INTERNAL" metrics-port="$DAPR_METRICS" \
    resources="$ROOT/deploy/dapr/resources,$ROOT/deploy/dapr/local/resources" \
    config="$ROOT/deploy/dapr/local/config.yaml" scheduler="$DAPR_SCHEDULER_ADDRESS" \
    log-level="${DIST_DAPR_LOG_LEVEL:-warn}" "${env[@]}" \
    -- --enable-app-health-check --app-health-check-path /healthz --app-health-probe-interval 1 \
    --app-health-threshold 15 --dapr-graceful-shutdown-seconds 5
  popd >/dev/null
  echo "$DAPRD_PID" >"$rdir/daprd.pid"
}

dist_start_app() {
  dist_start_sidecar "$@"
  dist_start_service "$@"
}

dist_kill_service() { _dist_stop_pidfile "$(_dist_replica_dir "$1" "$2" "${3:-0}")/service.pid" KILL; }
dist_kill_sidecar() { _dist_stop_pidfile "$(_dist_replica_dir "$1" "$2" "${3:-0}")/daprd.pid" KILL; }

# dist_wait_ready <dir> <app> [replica] [deadline s]: the service's /readyz
# answers 200 (database reachable, migrated, sidecar ready).
dist_wait_ready() {
  local dir="$1" app="$2" replica="${3:-0}" deadline=$(( SECONDS + ${4:-120} )) rdir code
  rdir="$(_dist_replica_dir "$dir" "$app" "$replica")"
  _dist_ports "$rdir"
  while :; do
    code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$APP_PORT/readyz" 2>/dev/null || true)"
    [ "$code" = 200 ] && return 0
    if [ $SECONDS -ge $deadline ] || ! _dist_pid_alive "$rdir/service.pid"; then
      say "$app-$replica is not ready (last /readyz: $code); its logs:"
      tail -15 "$rdir/service.log" "$rdir/daprd.log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.2
  done
}

# dist_wait_consumers <dir> [deadline s]: every consumer group has joined
# Kafka (state Stable, with a member). A service is ready before its sidecar
# has joined; websocket-service's broadcast groups start at the newest
# record, so until they joined, an event is not theirs to see. Tests wait
# for this before they publish.
dist_wait_consumers() {
  local dir="$1" deadline=$(( SECONDS + ${2:-120} )) app r groups=() out missing
  _dist_load "$dir"
  for app in $(dist_apps); do
    case "$app" in
      gateway) ;;
      websocket-service) for (( r=0; r<${DIST_WS_REPLICAS:-1}; r++ )); do groups+=("$app-$r"); done ;;
      *) groups+=("$app") ;;
    esac
  done
  while :; do
    out="$(kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \
      --describe --all-groups --state 2>/dev/null || true)"
    missing=""
    for g in "${groups[@]}"; do
      echo "$out" | awk -v g="$g" '$1 == g && $(NF-1) == "Stable" && $NF > 0 { found = 1 } END { exit !found }' ||
        missing+=" $g"
    done
    [ -z "$missing" ] && return 0
    if [ $SECONDS -ge $deadline ]; then say "consumer groups not joined:$missing"; return 1; fi
    sleep 0.5
  done
}

dist_kafka_stop() { _dist_load "$1"; kafka_stop "$1/kafka"; }
dist_kafka_kill() { _dist_load "$1"; kafka_kill "$1/kafka"; }
dist_kafka_start() { _dist_load "$1"; kafka_resume "$1/kafka" >/dev/null; }

_dist_start_edge() {
  local dir="$1" edge_port="$2" servers="" r rdir
  mkdir -p "$dir/edge/tmp"
  for (( r=0; r<${DIST_WS_REPLICAS:-1}; r++ )); do
    rdir="$(_dist_replica_dir "$dir" websocket-service "$r")"
    _dist_ports "$rdir"
    servers+="    server 127.0.0.1:$APP_PORT;"$'\n'
  done
  _dist_ports "$(_dist_replica_dir "$dir" gateway 0)"
  sed -e "s|@DIR@|$dir/edge|g" -e "s|@EDGE_PORT@|$edge_port|g" -e "s|@GATEWAY_PORT@|$APP_PORT|g" \
    "$ROOT/deploy/edge/nginx.conf.template" | awk -v s="$servers" '{ if ($0 == "@WEBSOCKET_SERVERS@") printf "%s", s; else print }' \
    >"$dir/edge/nginx.conf"
  nginx -t -q -c "$dir/edge/nginx.conf" -p "$dir/edge" 2>"$dir/edge/check.log" ||
    { cat "$dir/edge/check.log" >&2; die "the edge configuration does not load"; }
  nginx -c "$dir/edge/nginx.conf" -p "$dir/edge" >>"$dir/edge/stdout.log" 2>&1 </dev/null &
  echo $! >"$dir/edge/nginx.pid.launcher"
}

dist_start() {
  local dir="$1" database_url="$2" jwt_secret="$3" edge_port="$4" started=$SECONDS
  : "${DIST_BIN:=$ROOT/build/release/bin}"
  local app
  for app in $(dist_apps); do [ -x "$DIST_BIN/$app" ] || die "$DIST_BIN/$app is missing: build the executables first"; done
  ensure_packages nginx-light curl
  ensure_dapr
  ensure_kafka
  mkdir -p "$dir/apps"
  dir="$(cd "$dir" && pwd)"
  : >"$dir/system.env"
  _dist_env_set "$dir" DIST_BIN "$DIST_BIN"
  _dist_env_set "$dir" EDGE_PORT "$edge_port"
  _dist_env_set "$dir" DIST_WS_REPLICAS "${DIST_WS_REPLICAS:-1}"

  # The secret store: what the services read instead of their environment.
  (umask 077 && printf '{"jwt-secret": "%s", "database-url": "%s"}\n' "$jwt_secret" "$database_url" >"$dir/secrets.json")
  if [ "${DIST_TOKENS:-1}" = 1 ]; then
    _dist_env_set "$dir" DAPR_API_TOKEN_VALUE "$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    _dist_env_set "$dir" APP_API_TOKEN_VALUE "$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  fi

  local kafka_port
  kafka_port="$(free_port)"
  kafka_start "$dir/kafka" "$kafka_port"
  _dist_env_set "$dir" KAFKA_BOOTSTRAP "$KAFKA_BOOTSTRAP"
  say "creating the topics (${DIST_PARTITIONS:-12} partitions each)"
  kafka_create_topics "$KAFKA_BOOTSTRAP" "${DIST_PARTITIONS:-12}" $(dist_topics)

  dapr_scheduler_start "$dir/scheduler" "$(free_port)"
  _dist_env_set "$dir" DAPR_SCHEDULER_ADDRESS "$DAPR_SCHEDULER_ADDRESS"

  say "starting the services, each beside its own daprd"
  local replicas r
  for app in $(dist_apps); do
    replicas=1
    [ "$app" = websocket-service ] && replicas="${DIST_WS_REPLICAS:-1}"
    for (( r=0; r<replicas; r++ )); do dist_start_app "$dir" "$app" "$r"; done
  done
  for app in $(dist_apps); do
    replicas=1
    [ "$app" = websocket-service ] && replicas="${DIST_WS_REPLICAS:-1}"
    for (( r=0; r<replicas; r++ )); do
      dist_wait_ready "$dir" "$app" "$r" "${DIST_READY_DEADLINE:-180}" || die "$app-$r did not become ready"
      _dist_ports "$(_dist_replica_dir "$dir" "$app" "$r")"
      _dist_env_set "$dir" "$(_dist_var "$app")_${r}_PORT" "$APP_PORT"
      _dist_env_set "$dir" "$(_dist_var "$app")_${r}_DAPR_HTTP_PORT" "$DAPR_HTTP"
    done
  done
  dist_wait_consumers "$dir" "${DIST_READY_DEADLINE:-180}" || die "the services' sidecars did not join Kafka"
  _dist_start_edge "$dir" "$edge_port"
  # nginx must be the one answering: it exits when its port is taken, and
  # whatever holds the port may answer too.
  local deadline=$(( SECONDS + 30 )) launcher
  launcher="$(cat "$dir/edge/nginx.pid.launcher")"
  until [ -s "$dir/edge/nginx.pid" ] && curl -sf -o /dev/null -m 2 "http://127.0.0.1:$edge_port/healthz"; do
    kill -0 "$launcher" 2>/dev/null || { tail -3 "$dir/edge/error.log" >&2; die "the edge did not start on port $edge_port"; }
    [ $SECONDS -lt $deadline ] || die "the edge did not start (see $dir/edge/error.log)"
    sleep 0.2
  done
  kill -0 "$launcher" 2>/dev/null || { tail -3 "$dir/edge/error.log" >&2; die "the edge did not start on port $edge_port"; }
  say "distributed system up in $(( SECONDS - started ))s: edge on http://localhost:$edge_port"
}

# _dist_stop_replicas <dir> <pid file name>: that process of every replica,
# all at once. Waits only for its own stoppers: a bare `wait` would also wait
# for the caller's children (scripts/run-distributed starts the whole system
# from its own shell, and waits on a `sleep 3600`).
_dist_stop_replicas() {
  local rdir stoppers=()
  for rdir in "$1"/apps/*/; do
    [ -d "$rdir" ] || continue
    _dist_stop_pidfile "$rdir/$2" TERM 20 &
    stoppers+=($!)
  done
  [ ${#stoppers[@]} = 0 ] || wait "${stoppers[@]}"
}

dist_stop() {
  local dir="$1"
  [ -f "$dir/system.env" ] || return 0
  # The edge, then the services (they drain), then their sidecars, then the
  # engines.
  _dist_stop_pidfile "$dir/edge/nginx.pid.launcher" QUIT 10
  _dist_stop_replicas "$dir" service.pid
  _dist_stop_replicas "$dir" daprd.pid
  dapr_scheduler_stop "$dir/scheduler" 20
  kafka_stop "$dir/kafka" 30
}
