#!/usr/bin/env bash
# Shortcut: the create and list rows of bench/run (HTTP against pgbench
# running the server's own SQL). Settings: see bench/run.
BENCH_ONLY=throughput exec "$(dirname "$0")/run" "$@"
