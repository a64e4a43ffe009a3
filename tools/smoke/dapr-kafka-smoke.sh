#!/usr/bin/env bash
# Smoke test of the real engines together (not part of the test suite):
# a throwaway PostgreSQL, Kafka (KRaft, one node), the Dapr scheduler and a
# daprd beside tools/smoke/smoke_app.py, all on 127.0.0.1 with free ports.
# Checks pub/sub with a dead-letter topic, jobs, the cron binding, state with
# ETags and TTL, secrets, API tokens, service invocation (self and from a
# second sidecar through mdns), envRef in component metadata and {podName}.
# Prints "ok"/"FAIL" per check, observed wire details as "note", and ends
# with "N passed, N failed". Everything it starts is stopped on exit.
#
#   tools/smoke/dapr-kafka-smoke.sh            (KEEP=1 keeps the work dir)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../scripts/lib/common.sh"
source "$ROOT/scripts/lib/postgres.sh"
source "$ROOT/scripts/lib/kafka.sh"
source "$ROOT/scripts/lib/dapr.sh"
set +e   # checks report failures themselves
set -u

ensure_dapr
ensure_kafka
ensure_packages curl

PASSED=0 FAILED=0
check() { # check <name> <command...>
  local name="$1"; shift
  if "$@"; then PASSED=$((PASSED + 1)); echo "ok   $name"; else FAILED=$((FAILED + 1)); echo "FAIL $name"; fi
}
note() { echo "note $*"; }
# wait_until <seconds> <command...>: polls the command until it succeeds.
wait_until() {
  local deadline=$(( SECONDS + $1 )); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

pg_throwaway smoke   # sets WORK, PG_URL and an EXIT trap we replace below
APP_PID=""
cleanup() {
  set +e
  dapr_stop_all
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
  kafka_stop "$WORK/kafka" 20
  if [ "${KEEP:-0}" = 1 ]; then
    pg_stop "$PG_DIR"; echo "kept $WORK" >&2
  else
    pg_throwaway_cleanup
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

APP_ID=smoke-app
APP_TOKEN=app-token-$RANDOM$RANDOM
API_TOKEN=api-token-$RANDOM$RANDOM
APP_LOG="$WORK/app-requests.jsonl"
LOGQ() { python3 "$HERE/reqlog.py" "$APP_LOG" "$@"; }

# --- Kafka ---------------------------------------------------------------
t0=$(date +%s.%N)
kafka_start "$WORK/kafka" "$(free_port)"
note "kafka ready in $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")s at $KAFKA_BOOTSTRAP"
kafka_create_topics "$KAFKA_BOOTSTRAP" 12 task-events
kafka_create_topics "$KAFKA_BOOTSTRAP" 3 task-updates "$APP_ID.deadletter"

# --- scheduler -------------------------------------------------------------
t0=$(date +%s.%N)
dapr_scheduler_start "$WORK/scheduler" "$(free_port)"
note "scheduler healthy in $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")s at $DAPR_SCHEDULER_ADDRESS"

# --- components --------------------------------------------------------------
RES="$WORK/components"
mkdir -p "$RES"
printf '{"jwt-secret": "smoke-jwt-secret-value", "database-url": "%s"}\n' "$PG_URL" >"$WORK/secrets.json"
cat >"$RES/secretstore.yaml" <<'EOF'
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: secretstore
spec:
  type: secretstores.local.file
  version: v1
  metadata:
  - name: secretsFile
    envRef: SMOKE_SECRETS_FILE
EOF
cat >"$RES/pubsub.yaml" <<'EOF'
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: pubsub
spec:
  type: pubsub.kafka
  version: v1
  metadata:
  - name: brokers
    envRef: SMOKE_KAFKA_BROKERS
  - name: authType
    value: none
  - name: disableTls
    value: "true"
  - name: initialOffset
    value: oldest
  - name: backOffDuration
    value: 500ms
scopes: [smoke-app]
EOF
cat >"$RES/pubsub-broadcast.yaml" <<'EOF'
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: pubsub-broadcast
spec:
  type: pubsub.kafka
  version: v1
  metadata:
  - name: brokers
    envRef: SMOKE_KAFKA_BROKERS
  - name: authType
    value: none
  - name: disableTls
    value: "true"
  - name: consumerGroup
    value: "{podName}"
  - name: initialOffset
    value: newest
scopes: [smoke-app, smoke-nopod]
EOF
cat >"$RES/statestore.yaml" <<'EOF'
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: statestore
spec:
  type: state.postgresql
  version: v1
  metadata:
  - name: connectionString
    secretKeyRef:
      name: database-url
      key: database-url
auth:
  secretStore: secretstore
scopes: [smoke-app]
EOF
# No `direction`: daprd probes OPTIONS /reminder-sweep before delivering.
cat >"$RES/reminder-sweep.yaml" <<'EOF'
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: reminder-sweep
spec:
  type: bindings.cron
  version: v1
  metadata:
  - name: schedule
    value: "@every 2s"
scopes: [smoke-app]
EOF
# `direction: input`: no probe, deliveries start at once.
cat >"$RES/sweep-explicit.yaml" <<'EOF'
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: sweep-explicit
spec:
  type: bindings.cron
  version: v1
  metadata:
  - name: schedule
    value: "@every 3s"
  - name: direction
    value: input
scopes: [smoke-app]
EOF
cat >"$WORK/config.yaml" <<'EOF'
apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: smoke
spec:
  tracing:
    samplingRate: "0"
EOF

# --- the app and its sidecar ----------------------------------------------
APP_PORT="$(free_port)"
SUBSCRIPTIONS="$(printf '[%s,%s,%s]' \
  '{"pubsubname":"pubsub","topic":"task-events","routes":{"default":"/events/task-events"},"deadLetterTopic":"smoke-app.deadletter"}' \
  '{"pubsubname":"pubsub","topic":"smoke-app.deadletter","routes":{"default":"/events/deadletter"}}' \
  '{"pubsubname":"pubsub-broadcast","topic":"task-updates","routes":{"default":"/events/broadcast"}}')"
SUBSCRIPTIONS="$SUBSCRIPTIONS" python3 "$HERE/smoke_app.py" "$APP_PORT" "$APP_LOG" &
APP_PID=$!
wait_until 10 curl -sf "http://127.0.0.1:$APP_PORT/healthz" || die "smoke app did not start"

COMMON_ENV=(env="SMOKE_KAFKA_BROKERS=$KAFKA_BOOTSTRAP" env="SMOKE_SECRETS_FILE=$WORK/secrets.json")
t0=$(date +%s.%N)
daprd_start app-id="$APP_ID" app-port="$APP_PORT" resources="$RES" config="$WORK/config.yaml" \
  log="$WORK/daprd-$APP_ID.log" "${COMMON_ENV[@]}" \
  env=POD_NAME=smoke-pod-0 env="DAPR_API_TOKEN=$API_TOKEN" env="APP_API_TOKEN=$APP_TOKEN"
DAPRD_APP_PID=$DAPRD_PID
H="http://127.0.0.1:$DAPRD_HTTP_PORT"
if ! daprd_wait_outbound "$DAPRD_HTTP_PORT" 60 "$DAPRD_PID"; then
  tail -40 "$WORK/daprd-$APP_ID.log"; die "daprd did not become ready"
fi
note "daprd outbound-ready in $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")s (http :$DAPRD_HTTP_PORT grpc :$DAPRD_GRPC_PORT internal :$DAPRD_INTERNAL_GRPC_PORT metrics :$DAPRD_METRICS_PORT)"
daprd_wait_healthy "$DAPRD_HTTP_PORT" 60 "$DAPRD_PID"
note "daprd healthy (app channel) in $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")s"
note "daprd listens on: $(ss -ltnpH 2>/dev/null | grep "pid=$DAPRD_PID," | awk '{print $4}' | sort | tr '\n' ' ')"
note "scheduler listens on: $(ss -ltnpH 2>/dev/null | grep "pid=$DAPR_SCHEDULER_PID," | awk '{print $4}' | sort | tr '\n' ' ')"

# dcurl <method> <path> [curl args...]: a call to daprd with the API token;
# leaves the status in $CODE, the body in $BODY, headers in $HDRS.
dcurl() {
  local method="$1" path="$2"; shift 2
  CODE="$(curl -s -m 40 -X "$method" -H "dapr-api-token: $API_TOKEN" -D "$WORK/h" -o "$WORK/b" -w '%{http_code}' "$@" "$H$path")"
  BODY="$(cat "$WORK/b")"; HDRS="$(tr -d '\r' <"$WORK/h")"
}
hdr() { printf '%s\n' "$HDRS" | awk -v k="$(echo "$1" | tr 'A-Z' 'a-z')" -F': ' 'tolower($1)==k {print $2}'; }
is() { [ "$1" = "$2" ] || { echo "     expected [$2] got [$1]" >&2; return 1; }; }

dcurl GET /v1.0/metadata
note "metadata: $(python3 -c 'import json,sys; m=json.load(sys.stdin); print("runtime", m.get("runtimeVersion"), "components", sorted((c["name"], c["type"], c["version"]) for c in m.get("components", [])), "subscriptions", [(s["pubsubname"], s["topic"], s.get("deadLetterTopic")) for s in m.get("subscriptions", [])], "scheduler", m.get("scheduler"))' <<<"$BODY")"

# --- f) tokens -------------------------------------------------------------------
c=$(curl -s -o "$WORK/b" -D "$WORK/h" -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' "$H/v1.0/publish/pubsub/task-events")
check "publish without dapr-api-token is 401" is "$c" 401
note "401 body: [$(cat "$WORK/b")] content-type: $(tr -d '\r' <"$WORK/h" | awk -F': ' 'tolower($1)=="content-type"{print $2}')"
c=$(curl -s -o /dev/null -w '%{http_code}' "$H/v1.0/state/statestore/k1"); check "state get without token is 401" is "$c" 401
c=$(curl -s -o /dev/null -w '%{http_code}' "$H/v1.0/invoke/$APP_ID/method/healthz"); check "invoke without token is 401" is "$c" 401
c=$(curl -s -o /dev/null -w '%{http_code}' "$H/v1.0/healthz"); note "healthz without token: $c"
c=$(curl -s -o /dev/null -w '%{http_code}' "$H/v1.0/healthz/outbound"); note "healthz/outbound without token: $c"
c=$(curl -s -o /dev/null -w '%{http_code}' "$H/v1.0/metadata"); note "metadata without token: $c"
c=$(curl -s -o /dev/null -w '%{http_code}' -H "dapr-api-token: wrong" "$H/v1.0/metadata"); note "metadata with a wrong token: $c"

# --- a) pub/sub ---------------------------------------------------------------------
ce() { printf '{"specversion":"1.0","id":"%s","source":"todo-api","type":"task.created","datacontenttype":"application/json","data":%s}' "$1" "$2"; }
RUN=$RANDOM$RANDOM
dcurl POST "/v1.0/publish/pubsub/task-events?metadata.partitionKey=u1" -H 'Content-Type: application/cloudevents+json' -d "$(ce "evt1-$RUN" '{"n":1}')"
check "publish cloudevents+json -> 204" is "$CODE" 204
check "delivered to /events/task-events" wait_until 30 LOGQ last POST /events/task-events "evt1-$RUN"
D="$(LOGQ last POST /events/task-events "evt1-$RUN")"
note "delivery of evt1: $(python3 -c 'import json,sys; e=json.load(sys.stdin); h=e["headers"]; print(json.dumps({"path":e["path"],"headers":{k:v for k,v in h.items() if k not in ("host","accept-encoding","content-length")},"body":json.loads(e["body"])}))' <<<"$D")"
check "delivery carries dapr-api-token = APP_API_TOKEN" is "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["headers"].get("dapr-api-token"))' <<<"$D")" "$APP_TOKEN"
check "delivery __key header is the partitionKey" is "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["headers"].get("__key"))' <<<"$D")" u1

dcurl POST "/v1.0/publish/pubsub/task-events?metadata.partitionKey=u1" -H 'Content-Type: application/cloudevents+json' -d "$(ce "evt2-$RUN" '{"drop":true}')"
check "publish evt2 (app answers DROP) -> 204" is "$CODE" 204
check "DROP -> event arrives on the deadletter subscription" wait_until 30 LOGQ last POST /events/deadletter "evt2-$RUN"
D="$(LOGQ last POST /events/deadletter "evt2-$RUN")"
note "deadletter delivery of evt2: $(python3 -c 'import json,sys; e=json.load(sys.stdin); h=e["headers"]; print(json.dumps({"headers":{k:v for k,v in h.items() if k not in ("host","accept-encoding","content-length")},"body":json.loads(e["body"])}))' <<<"$D")"
note "evt2 deliveries to task-events: $(LOGQ count POST /events/task-events "evt2-$RUN")"

dcurl POST "/v1.0/publish/pubsub/task-events?metadata.partitionKey=u2" -H 'Content-Type: application/cloudevents+json' -d "$(ce "evt3-$RUN" '{"retry":true}')"
check "publish evt3 (app answers RETRY) -> 204" is "$CODE" 204
wait_until 30 LOGQ last POST /events/deadletter "evt3-$RUN"
note "RETRY without a resiliency policy: task-events attempts=$(LOGQ count POST /events/task-events "evt3-$RUN"), reached deadletter=$(LOGQ count POST /events/deadletter "evt3-$RUN")"

dcurl POST "/v1.0/publish/pubsub/task-events?metadata.partitionKey=u3" -H 'Content-Type: application/cloudevents+json' -d "$(ce "evt4-$RUN" '{"status404":true}')"
wait_until 15 LOGQ last POST /events/task-events "evt4-$RUN"; sleep 3
note "app answers 404: attempts=$(LOGQ count POST /events/task-events "evt4-$RUN"), reached deadletter=$(LOGQ count POST /events/deadletter "evt4-$RUN")"

dcurl POST "/v1.0/publish/pubsub/task-events?metadata.partitionKey=u1" -H 'Content-Type: application/json' -d "{\"plain\":\"evt5-$RUN\"}"
check "publish application/json -> 204" is "$CODE" 204
wait_until 30 LOGQ last POST /events/task-events "evt5-$RUN"
note "plain JSON publish arrives as: $(LOGQ last POST /events/task-events "evt5-$RUN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["body"])')"

t0=$SECONDS
dcurl POST "/v1.0/publish/pubsub/no-such-topic" -H 'Content-Type: application/json' -d '{}'
note "publish to a missing topic (auto-create off): $CODE after $((SECONDS - t0))s: $BODY"
dcurl POST "/v1.0/publish/nope/task-events" -H 'Content-Type: application/json' -d '{}'
note "publish to an unknown pubsub: $CODE $BODY"

# --- b) jobs --------------------------------------------------------------------------
due() { date -u -d "+$1 seconds" +%Y-%m-%dT%H:%M:%SZ; }
dcurl POST /v1.0-alpha1/jobs/reminder-x -H 'Content-Type: application/json' \
  -d "{\"dueTime\":\"$(due 3)\",\"data\":{\"task_id\":42,\"user_id\":\"u1\",\"run\":\"$RUN\"},\"overwrite\":true}"
check "schedule job (alpha path) -> 204" is "$CODE" 204
dcurl POST /v1.0-alpha1/jobs/reminder-x -H 'Content-Type: application/json' -d "{\"dueTime\":\"$(due 3)\",\"data\":{\"run\":\"$RUN\"}}"
note "re-create without overwrite: $CODE $BODY"
check "re-create without overwrite -> 409" is "$CODE" 409
dcurl POST /v1.0-alpha1/jobs/reminder-x -H 'Content-Type: application/json' \
  -d "{\"dueTime\":\"$(due 3)\",\"data\":{\"task_id\":42,\"user_id\":\"u1\",\"run\":\"$RUN\"},\"overwrite\":true}"
check "re-create with overwrite -> 204" is "$CODE" 204
dcurl GET /v1.0-alpha1/jobs/reminder-x
note "GET job: $CODE $BODY"
check "job delivered to POST /job/reminder-x" wait_until 20 LOGQ last POST /job/reminder-x "$RUN"
D="$(LOGQ last POST /job/reminder-x "$RUN")"
note "job delivery: $(python3 -c 'import json,sys; e=json.load(sys.stdin); h=e["headers"]; print(json.dumps({"headers":{k:v for k,v in h.items() if k not in ("host","accept-encoding","content-length")},"body":e["body"]}))' <<<"$D")"
check "job body is exactly the data" is "$(python3 -c 'import json,sys; print(json.loads(json.load(sys.stdin)["body"]) == {"task_id":42,"user_id":"u1","run":sys.argv[1]})' "$RUN" <<<"$D")" True
check "job delivery carries dapr-api-token" is "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["headers"].get("dapr-api-token"))' <<<"$D")" "$APP_TOKEN"
sleep 2; note "reminder-x deliveries (once expected): $(LOGQ count POST /job/reminder-x "$RUN")"
dcurl GET /v1.0-alpha1/jobs/reminder-x; note "GET job after it fired: $CODE $BODY"
dcurl POST /v1.0/jobs/reminder-y -H 'Content-Type: application/json' -d "{\"dueTime\":\"2s\",\"data\":\"y-$RUN\",\"overwrite\":true}"
check "schedule job on the stable /v1.0/jobs path -> 204" is "$CODE" 204
check "stable-path job delivered" wait_until 20 LOGQ last POST /job/reminder-y "y-$RUN"
note "string data arrives as: $(LOGQ last POST /job/reminder-y "y-$RUN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["body"])')"
dcurl DELETE /v1.0-alpha1/jobs/no-such-job-$RUN; note "DELETE unknown job: $CODE $BODY"
dcurl DELETE /v1.0/jobs/no-such-job-$RUN; note "DELETE unknown job (v1.0): $CODE"
dcurl GET /v1.0-alpha1/jobs/no-such-job-$RUN; note "GET unknown job: $CODE $BODY"
dcurl POST /v1.0-alpha1/jobs/reminder-z -H 'Content-Type: application/json' -d "{\"dueTime\":\"$(due 30)\",\"data\":{}}"
dcurl DELETE /v1.0-alpha1/jobs/reminder-z; check "DELETE a pending job -> 204" is "$CODE" 204
dcurl POST /v1.0-alpha1/jobs/r-fail500-$RUN -H 'Content-Type: application/json' -d '{"dueTime":"1s","data":{}}'
dcurl POST /v1.0-alpha1/jobs/r-fail404-$RUN -H 'Content-Type: application/json' -d '{"dueTime":"1s","data":{}}'
dcurl POST /v1.0-alpha1/jobs/r-nodata-$RUN -H 'Content-Type: application/json' -d '{"dueTime":"1s"}'
note "schedule without data: $CODE $BODY"
sleep 9
note "job answered 500: attempts=$(LOGQ count POST "/job/r-fail500-$RUN"); answered 404: attempts=$(LOGQ count POST "/job/r-fail404-$RUN"); no data: deliveries=$(LOGQ count POST "/job/r-nodata-$RUN") body=[$(LOGQ last POST "/job/r-nodata-$RUN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["body"])' 2>/dev/null)]"
note "job without data: daprd logged $(grep -c 'none of the oneof fields is set' "$WORK/daprd-$APP_ID.log") trigger failures like: $(grep -m1 -o 'msg="[^"]*none of the oneof[^"]*"' "$WORK/daprd-$APP_ID.log")"
note "fail500 attempt times: $(LOGQ all POST "/job/r-fail500-$RUN" | python3 -c 'import json,sys; ts=[json.loads(l)["t"] for l in sys.stdin]; print([round(t-ts[0],2) for t in ts])')"

# --- c) cron binding -------------------------------------------------------------------
check "cron OPTIONS /reminder-sweep probe (no direction)" wait_until 5 test "$(LOGQ count OPTIONS /reminder-sweep)" -ge 1
note "OPTIONS probes: reminder-sweep=$(LOGQ count OPTIONS /reminder-sweep) sweep-explicit (direction: input)=$(LOGQ count OPTIONS /sweep-explicit); sweep-explicit deliveries=$(LOGQ count POST /sweep-explicit)"
n0=$(LOGQ count POST /reminder-sweep); sleep 5; n1=$(LOGQ count POST /reminder-sweep)
check "cron deliveries every 2s (>=2 in 5s)" test $((n1 - n0)) -ge 2
note "cron probe: $(LOGQ last OPTIONS /reminder-sweep | python3 -c 'import json,sys; e=json.load(sys.stdin); print(json.dumps({"headers":{k:v for k,v in e["headers"].items() if k not in ("host","accept-encoding")},"body":e["body"]}))')"
note "cron delivery: $(LOGQ last POST /reminder-sweep | python3 -c 'import json,sys; e=json.load(sys.stdin); print(json.dumps({"headers":{k:v for k,v in e["headers"].items() if k not in ("host","accept-encoding")},"body":e["body"]}))')"

# --- d) state ----------------------------------------------------------------------------
dcurl POST /v1.0/state/statestore -H 'Content-Type: application/json' -d '[{"key":"k1","value":{"a":1}}]'
check "state save -> 204" is "$CODE" 204
dcurl GET /v1.0/state/statestore/k1
check "state get -> 200" is "$CODE" 200
ETAG="$(hdr ETag)"
note "state get: body=$BODY etag=$ETAG content-type=$(hdr Content-Type)"
dcurl POST /v1.0/state/statestore -H 'Content-Type: application/json' -d '[{"key":"k1","value":{"a":2},"etag":"1"}]'
check "save with a wrong (numeric) ETag -> 409" is "$CODE" 409
note "wrong etag body: $BODY"
dcurl POST /v1.0/state/statestore -H 'Content-Type: application/json' -d '[{"key":"k1","value":{"a":2},"etag":"not-a-number"}]'
note "save with a non-numeric ETag: $CODE $BODY"
dcurl POST /v1.0/state/statestore -H 'Content-Type: application/json' -d "[{\"key\":\"k1\",\"value\":{\"a\":2},\"etag\":\"$ETAG\"}]"
check "save with the right ETag -> 204" is "$CODE" 204
dcurl DELETE /v1.0/state/statestore/k1 -H "If-Match: $ETAG"
note "delete with a stale ETag: $CODE $BODY"
dcurl POST /v1.0/state/statestore -H 'Content-Type: application/json' -d '[{"key":"kf","value":1,"options":{"concurrency":"first-write"}}]'
dcurl POST /v1.0/state/statestore -H 'Content-Type: application/json' -d '[{"key":"kf","value":2,"options":{"concurrency":"first-write"}}]'
note "first-write without ETag on an existing key: $CODE $BODY"
dcurl POST "/v1.0/state/statestore?metadata.ttlInSeconds=2" -H 'Content-Type: application/json' -d '[{"key":"kttl","value":"short"}]'
check "save with ttlInSeconds -> 204" is "$CODE" 204
dcurl GET /v1.0/state/statestore/kttl
note "TTL'd get: $CODE body=$BODY ttlExpireTime=$(hdr metadata.ttlExpireTime)"
sleep 3
dcurl GET /v1.0/state/statestore/kttl
check "TTL'd key gone after 3s -> 204" is "$CODE" 204
dcurl GET /v1.0/state/statestore/missing; check "missing key -> 204" is "$CODE" 204
dcurl POST /v1.0/state/nostore -H 'Content-Type: application/json' -d '[{"key":"a","value":1}]'; note "unknown state store: $CODE $BODY"
note "stored row: $(as_pg "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -Atc "select key, value, isbinary from state where key like '%k1'" 2>&1)"

# --- e) secrets ------------------------------------------------------------------------
dcurl GET /v1.0/secrets/secretstore/jwt-secret
check "secret get -> 200 {jwt-secret: ...}" is "$BODY" '{"jwt-secret":"smoke-jwt-secret-value"}'
dcurl GET /v1.0/secrets/secretstore/nope; note "unknown secret: $CODE $BODY"
dcurl GET /v1.0/secrets/nostore/jwt-secret; note "unknown secret store: $CODE $BODY"

# --- g) invocation -----------------------------------------------------------------------
dcurl GET "/v1.0/invoke/$APP_ID/method/healthz?x=1" -H 'X-Request-Id: r-1'
check "invoke own app /healthz -> 200 ok" is "$CODE/$BODY" "200/ok"
D="$(LOGQ last GET /healthz?x=1)"
note "invoked request at the app: $(python3 -c 'import json,sys; e=json.load(sys.stdin); print(json.dumps({"path":e["path"],"headers":{k:v for k,v in e["headers"].items() if k not in ("host","accept-encoding")}}))' <<<"$D")"
dcurl GET "/v1.0/invoke/no-such-app/method/healthz"; note "invoke unknown app: $CODE $BODY"

# A second sidecar, with no app and only the (unscoped) secret store: calls
# smoke-app through mdns name resolution.
daprd_start app-id=smoke-caller resources="$RES" config="$WORK/config.yaml" log="$WORK/daprd-smoke-caller.log" "${COMMON_ENV[@]}" metrics-port=0
CALLER_PID=$DAPRD_PID
CALLER_PORT=$DAPRD_HTTP_PORT
daprd_wait_outbound "$CALLER_PORT" 60 "$DAPRD_PID"
c="$(curl -s -m 20 -o "$WORK/b" -w '%{http_code}' "http://127.0.0.1:$CALLER_PORT/v1.0/invoke/$APP_ID/method/healthz")"
check "invoke smoke-app from a second daprd (mdns) -> 200" is "$c/$(cat "$WORK/b")" "200/ok"
c="$(curl -s -m 20 -o "$WORK/b" -w '%{http_code}' -H "dapr-app-id: $APP_ID" "http://127.0.0.1:$CALLER_PORT/healthz")"
note "invoke through dapr-app-id header: $c $(cat "$WORK/b")"
curl -s -m 20 -o /dev/null "http://127.0.0.1:$CALLER_PORT/v1.0/invoke/$APP_ID/method/healthz?from=caller"
note "cross-sidecar invocation at the app: $(LOGQ last GET '/healthz?from=caller' | python3 -c 'import json,sys; e=json.load(sys.stdin); print(json.dumps({k:v for k,v in e["headers"].items() if k not in ("host","accept-encoding")}))')"

# --- h) envRef and {podName} ---------------------------------------------------------------
check "envRef metadata (brokers, secretsFile) loaded: pubsub works" test "$(LOGQ count POST /events/task-events "evt1-$RUN")" -ge 1
daprd_start app-id=smoke-nopod resources="$RES" config="$WORK/config.yaml" log="$WORK/daprd-smoke-nopod.log" "${COMMON_ENV[@]}" metrics-port=0
NOPOD_PID=$DAPRD_PID
wait_until 30 grep -q 'podName' "$WORK/daprd-smoke-nopod.log"
check "{podName} without POD_NAME fails the component" grep -q 'podName is not set' "$WORK/daprd-smoke-nopod.log"
note "no POD_NAME: $(grep -m1 -o 'msg="[^"]*podName[^"]*"' "$WORK/daprd-smoke-nopod.log")"
if wait_until 15 bash -c "! kill -0 $NOPOD_PID"; then note "daprd without POD_NAME exited: $(grep -m1 -o 'level=fatal msg="[^"]*"' "$WORK/daprd-smoke-nopod.log")"; else note "daprd without POD_NAME is still running"; fi
# consumerGroup "{podName}" with POD_NAME set: deliveries arrive; the group is named after the pod.
delivered=0
for i in $(seq 1 15); do
  dcurl POST /v1.0/publish/pubsub-broadcast/task-updates -H 'Content-Type: application/json' -d "{\"b\":\"bc-$RUN-$i\"}"
  if wait_until 2 LOGQ last POST /events/broadcast "bc-$RUN"; then delivered=1; break; fi
done
check "consumerGroup {podName} with POD_NAME: broadcast delivered" is "$delivered" 1
groups="$(kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --list 2>/dev/null | sort | tr '\n' ' ')"
note "kafka consumer groups: $groups"
check "a consumer group named smoke-pod-0 exists" grep -qw smoke-pod-0 <<<"$groups"

# --- i) broker stop/start under a running sidecar ---------------------------------
kafka_pause "$WORK/kafka"
t0=$SECONDS
dcurl POST "/v1.0/publish/pubsub/task-events?metadata.partitionKey=u9" -H 'Content-Type: application/cloudevents+json' -d "$(ce "evt-down-$RUN" '{"n":9}')"
note "publish while Kafka is stopped: $CODE after $((SECONDS - t0))s: $(cut -c1-200 <<<"$BODY")"
while [ $((SECONDS - t0)) -lt 10 ]; do sleep 0.5; done
t0=$(date +%s.%N)
kafka_resume "$WORK/kafka"
note "kafka restarted in $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")s"
t0=$SECONDS
ok=0
for i in $(seq 1 30); do
  dcurl POST "/v1.0/publish/pubsub/task-events?metadata.partitionKey=u9" -H 'Content-Type: application/cloudevents+json' -d "$(ce "evt-up-$RUN-$i" '{"n":10}')"
  [ "$CODE" = 204 ] && { ok=1; break; }
  sleep 1
done
check "publish succeeds again after the broker restart" is "$ok" 1
note "first 204 after restart: $((SECONDS - t0))s (attempt $i)"
check "delivery resumes after the broker restart" wait_until 60 LOGQ last POST /events/task-events "evt-up-$RUN"
note "delivery after restart arrived $((SECONDS - t0))s after the restart"

# --- figures -------------------------------------------------------------------------------
sleep 2
note "RSS (MiB): daprd $(( $(ps -o rss= -p "$DAPRD_APP_PID") / 1024 )), daprd without components $(( $(ps -o rss= -p "$CALLER_PID") / 1024 )), scheduler $(( $(ps -o rss= -p "$DAPR_SCHEDULER_PID") / 1024 )), kafka $(( $(ps -o rss= -p "$(cat "$WORK/kafka/kafka.pid")") / 1024 ))"
note "daprd log warnings/errors: $(grep -c 'level=\(warning\|error\)' "$WORK/daprd-$APP_ID.log")"
grep 'level=\(warning\|error\|fatal\)' "$WORK/daprd-$APP_ID.log" | sed 's/^/     /' | cut -c1-300 | sort | uniq | head -20

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
