# tests/deploy/mutations.sh — proves that every check of tests/deploy can
# fail: each mutation breaks one thing in a scratch copy of the files the
# checks read, and the check named must then report FAIL. Sourced by
# tests/deploy/run.sh (uses say, failed, ROOT, kustomize, checker, bin,
# work).

mut_root="$work/mutant"
mut_pass=0
mut_fail=0

_mut_copy() {
  rm -rf "$mut_root"
  mkdir -p "$mut_root/src" "$mut_root/scripts"
  cp -r "$ROOT/deploy" "$mut_root/deploy"
  cp -r "$ROOT/src/services" "$mut_root/src/services"
  mkdir -p "$mut_root/src/core" && cp "$ROOT/src/core/events.h" "$mut_root/src/core/events.h"
  cp -r "$ROOT/scripts/lib" "$mut_root/scripts/lib"
  cp "$ROOT/.dockerignore" "$mut_root/.dockerignore"
}

# _mut_run <group>: the checks of one group on the scratch copy.
_mut_run() {
  local group="$1" target name args=()
  if [ "$group" = k8s ]; then
    for target in base overlays/minikube overlays/cloud; do
      name="$(basename "$target")"
      if "${kustomize[@]}" "$mut_root/deploy/k8s/$target" >"$work/m-$name.yaml" 2>/dev/null; then
        args+=(-render "$name=$work/m-$name.yaml")
      else
        echo "FAIL kustomize cannot render deploy/k8s/$target"
      fi
    done
  fi
  if [ "$group" = nginx ]; then
    nginx -t -q -c "$mut_root/deploy/compose/nginx.conf" >/dev/null 2>&1 || echo "FAIL nginx -t"
    return
  fi
  "$checker" -only "$group" -root "$mut_root" -bin "$bin" "${args[@]}" 2>&1 || true
}

# _mut_check <group> <expected FAIL start> <what>: runs the group and
# reports whether the check caught the mutation.
_mut_check() {
  local group="$1" expect="$2" what="$3" out
  out="$(_mut_run "$group")"
  if grep -qF "FAIL $expect" <<<"$out"; then
    echo "ok   caught: $what  ->  FAIL $expect"
    mut_pass=$(( mut_pass + 1 ))
  else
    failed "not caught: $what (expected FAIL $expect)"
    echo "$out" | grep -E '^(FAIL|     -)' | head -5 || true
    mut_fail=$(( mut_fail + 1 ))
  fi
}

# mutate <group> <the FAIL line expected, its start> <what is broken> <file> <perl -0 substitution>
mutate() {
  local group="$1" expect="$2" what="$3" file="$4" expr="$5"
  local path="$mut_root/$file"
  cp "$path" "$work/pristine"
  perl -0pi -e "$expr" "$path"
  if cmp -s "$path" "$work/pristine"; then
    failed "mutation '$what' did not change $file (stale pattern)"
    mut_fail=$(( mut_fail + 1 ))
    return
  fi
  _mut_check "$group" "$expect" "$what"
  cp "$work/pristine" "$path"
}

# mutate_add <group> <expected FAIL start> <what> <new file> <content>
mutate_add() {
  local group="$1" expect="$2" what="$3" file="$4"
  mkdir -p "$(dirname "$mut_root/$file")"
  printf '%s\n' "$5" >"$mut_root/$file"
  _mut_check "$group" "$expect" "$what"
  rm -f "$mut_root/$file"
  rmdir "$(dirname "$mut_root/$file")" 2>/dev/null || true
}

run_mutations() {
  local B=deploy/k8s/base M=deploy/k8s/overlays/minikube C=deploy/k8s/overlays/cloud
  _mut_copy
  # The pristine copy passes: otherwise a FAIL below would prove nothing.
  local before
  before="$(_mut_run k8s; _mut_run compose; _mut_run docker; _mut_run nginx)"
  if grep -q '^FAIL' <<<"$before"; then
    failed "the scratch copy does not pass before mutation:"
    grep -E '^(FAIL|     -)' <<<"$before" | head -10 || true
    return
  fi

  mutate k8s "kustomize cannot render deploy/k8s/overlays/cloud" "the cloud Kafka patch no longer matches deploy/dapr" \
    $C/kafka-auth.yaml 's/value: authType/value: authtype/'
  mutate k8s "k8s base: every rendered object decodes strictly" "an unknown field in a Deployment" \
    $B/gateway.yaml 's/(command: \["gateway"\]\n)/$1          imagePullPolicyy: Always\n/'
  mutate k8s "k8s base: every rendered object decodes strictly" "an unknown field in a Dapr Component" \
    deploy/dapr/resources/pubsub.yaml 's/\nscopes:/\nscope:/'
  mutate k8s "k8s base: one namespace" "objects outside the namespace" \
    $B/kustomization.yaml 's/\nnamespace: todo-platform\n/\n/'
  mutate k8s "k8s base: a Deployment per app id, with the Dapr annotations" "app-port differs from the registry's port" \
    $B/todo-api.yaml 's/dapr.io\/app-port: "8000"/dapr.io\/app-port: "8080"/'
  mutate k8s "k8s base: a Deployment per app id, with the Dapr annotations" "a misspelt Dapr annotation" \
    $B/audit-service.yaml 's/dapr.io\/app-health-check-path:/dapr.io\/app-health-check-paht:/'
  mutate k8s "k8s minikube: the real Dapr 1.18.2 injector" "the sidecar lacks the KAFKA_BROKERS its components read" \
    $M/kafka-brokers.yaml 's/value: KAFKA_BROKERS=/value: KAFKA_BROKER=/'
  mutate k8s "k8s base: containers:" "a writable root filesystem" \
    $B/notification-service.yaml 's/readOnlyRootFilesystem: true/readOnlyRootFilesystem: false/'
  mutate k8s "k8s base: containers:" "JWT_SECRET as a literal value" \
    $B/gateway.yaml 's/(            - name: LOG_FORMAT\n)/            - name: JWT_SECRET\n              value: not-so-secret-0123456789abcdef0123\n$1/'
  mutate k8s "k8s base: containers:" "the readiness probe on /healthz" \
    $B/websocket-service.yaml 's/path: \/readyz/path: \/healthz/'
  mutate k8s "k8s base: containers:" "RUNTIME=local" \
    $B/recurring-service.yaml 's/value: dapr/value: local/'
  mutate k8s "k8s base: containers:" "another image for one service" \
    $B/audit-service.yaml 's/image: todo-platform/image: todo-platform-audit/'
  mutate k8s "k8s base: Services select their Deployments" "a Service selecting nothing" \
    $B/todo-api.yaml 's/(  selector:\n    app.kubernetes.io\/name: )todo-api/$1todo-apii/'
  mutate k8s "k8s base: Ingress:" "/ws routed elsewhere" \
    $B/ingress.yaml 's/path: \/ws/path: \/socket/'
  mutate k8s "k8s base: Ingress:" "short WebSocket timeouts" \
    $B/ingress.yaml 's/proxy-read-timeout: "3600"/proxy-read-timeout: "60"/'
  mutate k8s "k8s base: NetworkPolicies" "websocket-service allowed to invoke todo-api" \
    $B/network-policies.yaml 's/values: \["gateway", "recurring-service"\]/values: ["gateway", "recurring-service", "websocket-service"]/'
  mutate k8s "k8s base: NetworkPolicies" "no default deny" \
    $B/network-policies.yaml 's/name: default-deny\nspec:\n  podSelector: \{\}/name: default-deny\nspec:\n  podSelector: {matchLabels: {none: none}}/'
  mutate k8s "k8s cloud: NetworkPolicies" "Kafka's TLS port closed in the cloud" \
    $B/network-policies.yaml 's/        - \{protocol: TCP, port: 9093\}\n//'
  mutate k8s "k8s minikube: replicas" "two recurring-service replicas on minikube" \
    $M/kustomization.yaml 's/(name: recurring-service\n    patch: \|-\n      - op: replace\n        path: \/spec\/replicas\n        value: )1/${1}2/'
  mutate k8s "k8s base: replicas" "more consumer replicas than partitions" \
    $B/autoscaling.yaml 's/maxReplicas: 12/maxReplicas: 13/'
  mutate k8s "k8s minikube: the topic Job" "replication 3 on one broker" \
    $M/kafka-topics-job.yaml 's/value: "1"/value: "3"/'
  mutate k8s "k8s base: the topic Job" "a dead-letter topic missing" \
    $B/kafka-topics-job.yaml 's/ audit-service.deadletter//'
  mutate k8s "k8s base: the topic Job" "a new topic in the code the Job does not create" \
    src/core/events.h 's/(namespace topics \{\n)/$1inline constexpr std::string_view kExports = "exports";\n/'
  mutate k8s "k8s base: the topic Job" "a service that starts consuming, without its dead-letter topic" \
    src/services/gateway/gateway_service.cpp 's/\z/\nvoid never_called(EventBus& bus) { bus.subscribe(Subscription{}); }\n/'
  mutate k8s "k8s base: Dapr components" "a cron binding renamed" \
    deploy/dapr/resources/reminder-sweep.yaml 's/name: reminder-sweep/name: reminder-sweeper/'
  mutate k8s "k8s base: Dapr components" "a component scoped to an unknown app id" \
    deploy/dapr/resources/statestore.yaml 's/  - gateway/  - gateway-service/'
  mutate k8s "k8s base: Dapr components" "a new Scheduler::every in the code without its binding" \
    src/services/audit-service/audit_service.cpp 's/\z/\nvoid never_called(Scheduler& s) { s.every("audit-compaction", 1h, nullptr); }\n/'
  mutate k8s "k8s base: RBAC" "the secret store may not read database-url" \
    $B/rbac.yaml 's/, "database-url"//'
  mutate_add k8s "repository facts" "a service folder the registry does not list" \
    src/services/export-service/export_service.h '#pragma once'
  mutate k8s "deploy/dapr: every file decodes" "an unknown field in the local Dapr configuration" \
    deploy/dapr/local/config.yaml 's/  tracing:/  tracin:/'
  mutate compose "compose: compose.yaml loads and validates" "a key the compose-spec schema does not know" \
    deploy/compose/compose.yaml 's/(  postgres:\n)/$1    restart_policy: always\n/'
  mutate compose "compose: each service has its daprd" "a sidecar in another service's network namespace" \
    deploy/compose/compose.yaml 's/network_mode: service:audit-service/network_mode: service:gateway/'
  mutate compose "compose: each service runs the image" "a PORT that is not the registry's" \
    deploy/compose/compose.yaml 's/PORT: "8002"/PORT: "8012"/'
  mutate compose "compose: PostgreSQL 15, Kafka" "automatic topic creation on" \
    deploy/compose/compose.yaml 's/KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false"/KAFKA_AUTO_CREATE_TOPICS_ENABLE: "true"/'
  mutate compose "compose: the nginx edge" "/ws proxied to the wrong port" \
    deploy/compose/nginx.conf 's/websocket-service:8004/websocket-service:8005/'
  mutate compose "compose: the Dapr files the sidecars mount" "the local secret store loses its envRef" \
    deploy/dapr/local/resources/secretstore.yaml 's/envRef: SECRETS_FILE/envRef: DAPR_SECRETS_FILE/'
  mutate nginx "nginx -t" "a syntax error in the edge configuration" \
    deploy/compose/nginx.conf 's/worker_processes 1;/worker_processes 1/'
  mutate docker "docker: the build stage" "the image built with another script" \
    deploy/docker/Dockerfile 's/scripts\/build release/scripts\/build dev/'
  mutate docker "docker: the runtime stage" "an executable not shipped" \
    deploy/docker/Dockerfile 's/ \/out\/bin\/websocket-service \/usr\/local\/bin\// \/usr\/local\/bin\//'
  mutate docker "docker: every shipped executable is built" "a runtime library package missing" \
    deploy/docker/Dockerfile 's/libssl3 libsodium23 /libssl3 /'
  mutate docker "docker: .dockerignore" "build outputs in the image context" \
    .dockerignore 's/\nbuild\/\n/\n/'
  echo "$mut_pass mutations caught, $mut_fail not"
}
