#!/usr/bin/env bash
# tests/deploy/run.sh — checks the deployment files offline (no cluster, no
# Docker engine here): renders deploy/k8s/base and both overlays with
# kustomize, then tools/deploycheck decodes every object strictly into its
# Kubernetes/Dapr Go type and checks them against the code (the service
# registry's ports, the services' subscriptions, cron bindings and calls,
# the event topics) and each other; it validates deploy/compose/compose.yaml against the
# compose-spec schema (compose-go) and checks the Dockerfile against the
# built executables and their shared libraries. Also: nginx -t of the
# compose edge config, bash -n of the shell scripts under deploy/.
# Prints what it checks; exits non-zero on any failure.
#
#   tests/deploy/run.sh
#   DEPLOY_BIN=build/release/bin tests/deploy/run.sh   the executables to check
#                                                     (default: build/release/bin if
#                                                     built, else build/$TEST_PRESET/bin)
#   DEPLOY_MUTATIONS=0 tests/deploy/run.sh            skip the proof that each check can
#                                                     fail (tests/deploy/mutations.sh)
source "$(dirname "$0")/../../scripts/lib/common.sh"

started=$SECONDS
status=0
cache="${TODO_CACHE:-$HOME/.cache/todo-platform}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step() { say "deploy: $*"; }
failed() { printf 'FAIL %s\n' "$*"; status=1; }

command -v go >/dev/null || [ ! -x /usr/local/go/bin/go ] || PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || die "Go (>= $(sed -n 's/^go //p' "$ROOT/tools/deploycheck/go.mod")) is needed to build tools/deploycheck"
command -v nginx >/dev/null || ensure_packages nginx-light

# The checker, built once per version of its sources (like scripts/lib/dapr.sh).
src="$ROOT/tools/deploycheck"
hash="$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum | cut -c1-12)"
checker="$cache/deploycheck-$hash/deploycheck"
if [ ! -x "$checker" ]; then
  step "building tools/deploycheck (first run: downloads modules and compiles the Kubernetes and Dapr types, minutes)"
  mkdir -p "$(dirname "$checker")"
  t=$SECONDS
  (cd "$src" && go build -mod=readonly -buildvcs=false -p 2 -trimpath -o "$checker.tmp" .) || die "building tools/deploycheck failed"
  mv "$checker.tmp" "$checker"
  say "built in $(( SECONDS - t ))s"
fi

# kustomize: kubectl's (kubectl 1.32 carries kustomize v5.5.0), else the same
# kustomize release built from the Go module proxy.
if command -v kubectl >/dev/null; then
  kustomize=(kubectl kustomize)
  step "rendering with $(kubectl version --client 2>/dev/null | grep -i kustomize | tr -d '\n')"
else
  kdir="$cache/kustomize-v5.5.0"
  if [ ! -x "$kdir/kustomize" ]; then
    step "kubectl not found: building kustomize v5.5.0 from the Go module proxy"
    GOBIN="$kdir" go install sigs.k8s.io/kustomize/kustomize/v5@v5.5.0 || die "building kustomize failed"
  fi
  kustomize=("$kdir/kustomize" build)
  step "rendering with kustomize v5.5.0"
fi
renders=()
for target in base overlays/minikube overlays/cloud; do
  name="$(basename "$target")"
  if "${kustomize[@]}" "$ROOT/deploy/k8s/$target" >"$work/$name.yaml" 2>"$work/$name.err"; then
    echo "ok   kustomize renders deploy/k8s/$target ($(grep -c '^kind:' "$work/$name.yaml") objects)"
    renders+=(-render "$name=$work/$name.yaml")
  else
    failed "kustomize cannot render deploy/k8s/$target:"; cat "$work/$name.err"
  fi
done

step "scripts and the edge configuration"
for script in "$ROOT/deploy/k8s/base/create-topics.sh" "$ROOT/deploy/compose/make-secrets"; do
  if bash -n "$script"; then echo "ok   bash -n ${script#$ROOT/}"; else failed "bash -n ${script#$ROOT/}"; fi
done
if out="$(nginx -t -q -c "$ROOT/deploy/compose/nginx.conf" 2>&1)"; then
  echo "ok   nginx -t deploy/compose/nginx.conf"
else
  failed "nginx -t deploy/compose/nginx.conf:"; echo "$out"
fi

bin="${DEPLOY_BIN:-}"
if [ -z "$bin" ]; then
  bin="$ROOT/build/release/bin"
  [ -x "$bin/todo-platform" ] || bin="$ROOT/build/${TEST_PRESET:-dev}/bin"
fi
step "tools/deploycheck (executables from ${bin#$ROOT/})"
"$checker" -root "$ROOT" -bin "$bin" "${renders[@]}" || status=1

if [ "${DEPLOY_MUTATIONS:-1}" = 1 ]; then
  step "each check can fail: breaking one thing at a time in a scratch copy"
  source "$ROOT/tests/deploy/mutations.sh"
  run_mutations
fi

say "deploy checks done in $(( SECONDS - started ))s: $([ $status -eq 0 ] && echo PASSED || echo FAILED)"
exit $status
