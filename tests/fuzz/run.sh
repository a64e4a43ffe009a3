#!/usr/bin/env bash
# tests/fuzz/run.sh [seconds per target, default 30] — the libFuzzer targets of
# tests/fuzz (the parsers: HTTP requests, RRULEs, JWTs, CloudEvents, cursors,
# RFC 3339). 0 seconds: build and replay the regressions only.
#
# Installs clang and libFuzzer when missing, configures and builds the fuzz
# tree build/fuzz (clang, -fsanitize=fuzzer,address,undefined; incremental),
# replays every input under tests/fuzz/<target>/regressions/, then fuzzes each
# target for the given time on a copy of its committed corpus (the corpus in
# the repository is never changed). Exits non-zero on any crash, leak, UB,
# timeout or out-of-memory, and prints the reproducer's path and command.
#
#   FUZZ_TARGETS="rrule jwt"   run only these targets
#   FUZZ_ARTIFACTS=DIR         where crash inputs go (default build/fuzz/artifacts)
#   FUZZ_KEEP=DIR              keep the grown corpora there (to merge new seeds:
#                              build/fuzz/bin/fuzz_T -merge=1 tests/fuzz/T/corpus DIR/T)
#
# A crash input is kept as a regression with
#   cp build/fuzz/artifacts/<target>/crash-... tests/fuzz/<target>/regressions/<what-it-is>
source "$(dirname "$0")/../../scripts/lib/common.sh"

seconds="${1:-30}"
[[ "$seconds" =~ ^[0-9]+$ ]] || die "usage: tests/fuzz/run.sh [seconds per target]"
read -r -a targets <<<"${FUZZ_TARGETS:-http rrule jwt event cursor rfc3339}"
FUZZ_DIR="$ROOT/tests/fuzz"
BUILD="$ROOT/build/fuzz"
ARTIFACTS="${FUZZ_ARTIFACTS:-$BUILD/artifacts}"
started=$(date +%s)

# Per target: the longest input worth trying, a little past each parser's own
# limit so that the limits themselves are exercised.
max_len() {
  case "$1" in
    http) echo 20480 ;;    # past the 16 KiB header limit
    jwt) echo 4200 ;;      # past the 4096-character token limit
    cursor) echo 1200 ;;   # past the 1024-character cursor limit
    rrule) echo 700 ;;     # past the 500-character rule limit, plus the series lines
    rfc3339) echo 64 ;;
    *) echo 8192 ;;
  esac
}

ensure_packages clang-14 libclang-rt-14-dev cmake ninja-build ccache pkg-config \
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-context1.81-dev libpq-dev libssl-dev libsodium-dev libcctz-dev tzdata

say "building the fuzz targets (build/fuzz: clang-14, libFuzzer, ASan, UBSan)"
build_started=$(date +%s)
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DTODO_FUZZ=ON -DTODO_BUILD_TESTS=OFF -DTODO_BUILD_BENCH=OFF \
  -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" >/dev/null
cmake --build "$BUILD" --target fuzzers -j 2
say "built in $(($(date +%s) - build_started)) s"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
common_flags=(-rss_limit_mb=2048 -timeout=10 -print_final_stats=1)
work="$(mktemp -d "${TMPDIR:-/tmp}/todo-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
declare -A failed=()

# Prints the property or sanitizer report, the frames of our code, and how
# to reproduce.
report() {
  local target="$1" input="$2" log="$3"
  printf '\n' >&2
  grep -E '==fuzz==|ERROR: |SUMMARY: |runtime error|#[0-9]+ 0x[0-9a-f]+ in ' "$log" |
    grep -vE ' in (fuzzer::|__sanitizer_|__libc_start|_start |__pthread_kill|raise |abort )' | cut -c1-300 | head -40 >&2 ||
    tail -40 "$log" >&2
  printf '\n  reproducer: %s\n  reproduce:  %s %s\n\n' "$input" "$BUILD/bin/fuzz_$target" "$input" >&2
}

say "regression inputs (tests/fuzz/*/regressions)"
for t in "${targets[@]}"; do
  bin="$BUILD/bin/fuzz_$t"
  [ -x "$bin" ] || die "no fuzz target $t"
  shopt -s nullglob
  inputs=("$FUZZ_DIR/$t/regressions/"*)
  shopt -u nullglob
  bad=0
  for input in "${inputs[@]}"; do
    log="$work/regression-$t.log"
    if ! "$bin" "${common_flags[@]}" "$input" >"$log" 2>&1; then
      bad=$((bad + 1))
      report "$t" "$input" "$log"
    fi
  done
  if [ $bad -eq 0 ]; then
    printf '  %-8s %d passed\n' "$t" "${#inputs[@]}" >&2
  else
    printf '  %-8s %d of %d FAILED\n' "$t" "$bad" "${#inputs[@]}" >&2
    failed[$t]=1
  fi
done

if [ "$seconds" -gt 0 ]; then
  say "fuzzing each target for $seconds s"
  for t in "${targets[@]}"; do
    bin="$BUILD/bin/fuzz_$t"
    corpus="$work/$t/corpus"
    artifacts="$ARTIFACTS/$t"
    log="$work/$t.log"
    mkdir -p "$corpus" "$artifacts"
    cp "$FUZZ_DIR/$t/corpus/"* "$corpus/"
    dict=()
    if [ -f "$FUZZ_DIR/$t/$t.dict" ]; then dict=(-dict="$FUZZ_DIR/$t/$t.dict"); fi
    before=$(find "$artifacts" -type f | wc -l)
    rc=0
    timeout --kill-after=10 $((seconds + 120)) "$bin" "${common_flags[@]}" "${dict[@]}" -max_total_time="$seconds" \
      -max_len="$(max_len "$t")" -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || rc=$?
    last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true)
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
    corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")
    rate=$(sed -nE 's/.* exec\/s: ([0-9]+).*/\1/p' <<<"$last")
    runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -1)
    if [ $rc -eq 0 ]; then
      printf '  %-8s ok  %9s runs %7s exec/s  cov %-5s ft %-6s corpus %s\n' "$t" "${runs:-?}" "${rate:-?}" \
        "${cov:-?}" "${ft:-?}" "${corp:-?}" >&2
    else
      failed[$t]=1
      printf '  %-8s FAILED (exit %d)\n' "$t" "$rc" >&2
      newest=$(ls -t "$artifacts"/* 2>/dev/null | head -1 || true)
      if [ "$(find "$artifacts" -type f | wc -l)" -gt "$before" ] && [ -n "$newest" ]; then
        report "$t" "$newest" "$log"
      else
        tail -30 "$log" >&2
      fi
    fi
    if [ -n "${FUZZ_KEEP:-}" ]; then
      mkdir -p "$FUZZ_KEEP/$t"
      cp "$corpus/"* "$FUZZ_KEEP/$t/"
    fi
  done
fi

say "fuzzing done in $(($(date +%s) - started)) s${failed[*]:+: FAILED ${!failed[*]}}"
echo "fuzz: $((${#targets[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
