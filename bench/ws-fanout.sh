#!/usr/bin/env bash
# Shortcut: the WebSocket rows of bench/run (10,000 idle connections' memory,
# one event to 1,000 connections of one user). Settings: see bench/run.
BENCH_ONLY=fanout exec "$(dirname "$0")/run" "$@"
