#!/usr/bin/env bash
# Shortcut: the embedded end-to-end rows of bench/run (POST → WebSocket
# frame and create → audit entry at half of the sustained peak, which it
# measures first). Settings: see bench/run.
BENCH_ONLY=e2e exec "$(dirname "$0")/run" "$@"
