#!/usr/bin/env bash
# HTTP throughput against DESIGN §6, as ratios to pgbench running the same
# SQL with the same number of clients, on the same machine, in the same run:
#   create task (auth, validate, insert + outbox, commit)  bar: >= 50% of pgbench
#   list tasks (50 items, filtered)                        bar: >= 50% of pgbench
#
#   bench/api-throughput.sh [clients, default 8] [seconds per run, default 10]
source "$(dirname "$0")/../scripts/lib/common.sh"
source "$(dirname "$0")/../scripts/lib/postgres.sh"
clients="${1:-8}"
secs="${2:-10}"
ensure_packages "${BUILD_PACKAGES[@]}" wrk curl
build_preset release --target todo-platform

pg_throwaway bench  # fsync on: the same durability for both sides
work="$WORK"
db="$PG_URL"
port="$(free_port)"

# Only the services on the measured path: consumers would add their own
# transactions per event, which pgbench does not do.
DATABASE_URL="$db" JWT_SECRET="bench-secret-0123456789abcdef0123456789" SERVICES=gateway,todo-api \
  DB_POOL_SIZE="$clients" PORT="$port" LOG_LEVEL=warn "$ROOT/build/release/bin/todo-platform" \
  >"$work/platform.out" 2>"$work/platform.log" &
PLATFORM_PID=$!
for _ in $(seq 1 100); do curl -sf "localhost:$port/readyz" >/dev/null && break; sleep 0.1; done
signup=$(curl -sf -X POST "localhost:$port/api/auth/sign-up" -H 'Content-Type: application/json' \
         -d '{"email":"bench@example.com","password":"correct horse"}')
user=$(sed -E 's/.*"user":\{"id":"([^"]+)".*/\1/' <<<"$signup")
token=$(sed -E 's/.*"token":"([^"]+)".*/\1/' <<<"$signup")

body='{"title":"Benchmark task","description":"Created by bench/api-throughput.sh","priority":"high","tags":["bench","load"],"due_date":"2030-01-01T09:00:00Z","timezone":"Europe/Berlin"}'
cat >"$work/create.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '$body'
LUA
# The list runs for a second user with 2,000 tasks (a realistic account),
# not for the one the create run filled.
signup2=$(curl -sf -X POST "localhost:$port/api/auth/sign-up" -H 'Content-Type: application/json' \
          -d '{"email":"bench-list@example.com","password":"correct horse"}')
list_user=$(sed -E 's/.*"user":\{"id":"([^"]+)".*/\1/' <<<"$signup2")
list_token=$(sed -E 's/.*"token":"([^"]+)".*/\1/' <<<"$signup2")
psql "$db" -q -c "INSERT INTO tasks (id, user_id, title, description, priority, tags, completed, due_date, timezone, created_at, updated_at)
  SELECT gen_random_uuid(), '$list_user', 'Task ' || i, 'Seeded', 1 + i % 3, '{seed}', i % 4 = 0,
         CASE WHEN i % 5 = 0 THEN NULL ELSE now() + i * interval '1 hour' END, 'UTC', now(), now()
  FROM generate_series(1, 2000) i"
cat >"$work/list.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $list_token"
LUA

rps() { awk '/Requests\/sec/ {print $2}'; }
tps() { awk '/^tps/ {print $3}'; }

# The create transaction exactly as todo-api runs it, with an event payload
# of the same size.
payload=$(printf '{"specversion":"1.0","data":{"task":%s,"pad":"%0900d"}}' "$body" 0)
cat >"$work/create.sql" <<SQL
BEGIN;
INSERT INTO tasks (id, user_id, title, description, priority, tags, completed, due_date, reminder_at, reminder_sent, recurrence, recurrence_end, timezone, parent_task_id, created_at, updated_at, completed_at, version) VALUES (gen_random_uuid(), '$user', 'Benchmark task', 'Created by pgbench', 3, '{bench,load}', false, '2030-01-01T09:00:00Z', NULL, false, NULL, NULL, 'Europe/Berlin', NULL, now(), now(), NULL, 1);
INSERT INTO event_log (topic, id, event_type, partition_key, payload, created_at) VALUES ('task-events', gen_random_uuid(), 'task.created', '$user', '$payload', now()), ('task-updates', gen_random_uuid(), 'task.created', '$user', '$payload', now());
COMMIT;
SQL
# The list query todo-api builds for ?status=pending&priority=high,medium&sort=due_date&order=asc&limit=50.
cat >"$work/list.sql" <<SQL
SELECT id, user_id, title, description, priority, tags, completed, due_date, reminder_at, reminder_sent, recurrence, recurrence_end, timezone, parent_task_id, created_at, updated_at, completed_at, version, title_key FROM tasks WHERE user_id = '$list_user' AND NOT completed AND priority = ANY('{3,2}'::smallint[]) ORDER BY (due_date IS NULL), due_date ASC, id ASC LIMIT 51;
SQL

say "create task: HTTP (wrk, $clients connections, ${secs}s)"
http_create=$(wrk -t1 -c"$clients" -d"${secs}s" -s "$work/create.lua" "http://127.0.0.1:$port/api/$user/tasks" | rps)
say "create task: the same SQL transaction in pgbench ($clients clients)"
pg_create=$(pgbench -n -M prepared -c "$clients" -j1 -T "$secs" -f "$work/create.sql" "$db" 2>/dev/null | tps)
say "list tasks: HTTP (wrk)"
http_list=$(wrk -t1 -c"$clients" -d"${secs}s" -s "$work/list.lua" \
  "http://127.0.0.1:$port/api/$list_user/tasks?status=pending&priority=high,medium&sort=due_date&order=asc&limit=50" | rps)
say "list tasks: the same query in pgbench"
pg_list=$(pgbench -n -M prepared -c "$clients" -j1 -T "$secs" -f "$work/list.sql" "$db" 2>/dev/null | tps)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
echo
printf '%-12s %12s %12s %8s %6s\n' measure "HTTP req/s" "pgbench tps" ratio bar
printf '%-12s %12.0f %12.0f %8s %6s\n' create "$http_create" "$pg_create" "$(ratio "$http_create" "$pg_create")" ">=50%"
printf '%-12s %12.0f %12.0f %8s %6s\n' list "$http_list" "$pg_list" "$(ratio "$http_list" "$pg_list")" ">=50%"
