# Shared by bench/run (and so by its bench/*.sh shortcuts). Sourced, not executed.
#
# Everything here measures the release build against a throwaway PostgreSQL
# (fsync on) on this machine, and reports what the load generator itself
# cost: a client that saturates a core measures itself, not the server.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"
source "$ROOT/scripts/lib/postgres.sh"
source "$ROOT/scripts/lib/dapr.sh"
source "$ROOT/scripts/lib/kafka.sh"
source "$ROOT/scripts/lib/distributed.sh"

BENCH_BIN="${BENCH_BIN:-$ROOT/build/release/bin}"   # another build's bin/ with BENCH_BUILD=0
BENCH_SECRET="bench-secret-0123456789abcdef0123456789"
BENCH_OUT="${BENCH_OUT:-$ROOT/test-output/bench}"  # logs, raw figures, the table
CLK_TCK="$(getconf CLK_TCK)"
PLATFORM_PID=""
PLATFORM_PORT=""
BENCH_DIST_DIR=""

# ---------------------------------------------------------------- setup

# bench_build <target>...: the release preset (BENCH_BUILD=0: use $BENCH_BIN as it is).
bench_build() {
  if [ "${BENCH_BUILD:-1}" = 0 ]; then
    local t
    for t in "$@"; do [ -x "$BENCH_BIN/$t" ] || die "$BENCH_BIN/$t is missing (BENCH_BUILD=0)"; done
    return 0
  fi
  build_preset release --target "$@"
}

# bench_pg: a throwaway cluster (fsync on) with pg_stat_statements, commit
# timestamps (create → audit entry is measured to the audit row's commit) and
# a CSV log that bench_capture reads back. Installs the exit trap that stops
# everything bench_* started. Sets WORK, PG_DIR, PG_PORT, PG_URL.
bench_pg() {
  pg_throwaway bench
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$BENCH_OUT"
  psql "$PG_URL" -q \
    -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" \
    -c "ALTER SYSTEM SET track_commit_timestamp = on" \
    -c "ALTER SYSTEM SET logging_collector = on" \
    -c "ALTER SYSTEM SET log_destination = 'stderr,csvlog'" \
    -c "ALTER SYSTEM SET log_directory = 'log'" \
    -c "ALTER SYSTEM SET log_filename = 'postgresql'" \
    -c "ALTER SYSTEM SET log_rotation_size = 0"
  # BENCH_PG_CONF="name=value ...": more server settings, for both sides.
  local kv
  for kv in ${BENCH_PG_CONF:-}; do
    psql "$PG_URL" -qc "ALTER SYSTEM SET ${kv%%=*} = '${kv#*=}'" || die "BENCH_PG_CONF: cannot set $kv"
  done
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -t 60 -m fast restart >/dev/null ||
    die "PostgreSQL did not restart with the bench settings"
  psql "$PG_URL" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
}

bench_cleanup() {
  local status=$?
  bench_platform_stop
  if [ -n "$BENCH_DIST_DIR" ] && [ -f "$BENCH_DIST_DIR/system.env" ]; then
    dist_stop "$BENCH_DIST_DIR" >/dev/null 2>&1 || true
    cp -r "$BENCH_DIST_DIR/apps" "$BENCH_OUT/distributed-apps" 2>/dev/null || true
    # The edge's errors: a create that fails there (a 502) leaves nothing in
    # the services' or sidecars' logs.
    cp "$BENCH_DIST_DIR/edge/error.log" "$BENCH_OUT/distributed-edge-error.log" 2>/dev/null || true
  fi
  [ -n "${PG_DIR:-}" ] && cp "$PG_DIR/data/log/postgresql" "$BENCH_OUT/postgresql.log" 2>/dev/null || true
  pg_throwaway_cleanup
  exit "$status"
}

# ---------------------------------------------------------------- the platform

# bench_platform_start <SERVICES> [NAME=value]...: todo-platform on a free
# port, waits for /readyz. Sets PLATFORM_PID and PLATFORM_PORT.
bench_platform_start() {
  local services="$1"; shift
  bench_platform_stop
  PLATFORM_PORT="$(free_port)"
  env DATABASE_URL="$PG_URL" JWT_SECRET="$BENCH_SECRET" SERVICES="$services" PORT="$PLATFORM_PORT" \
    LOG_LEVEL=warn AUTH_RATE_LIMIT=0 "$@" "$BENCH_BIN/todo-platform" >>"$BENCH_OUT/platform.log" 2>&1 &
  PLATFORM_PID=$!
  local i
  for i in $(seq 1 200); do
    curl -sf "localhost:$PLATFORM_PORT/readyz" >/dev/null && return 0
    kill -0 "$PLATFORM_PID" 2>/dev/null || break
    sleep 0.1
  done
  tail -20 "$BENCH_OUT/platform.log" >&2
  die "todo-platform did not become ready"
}

bench_platform_stop() {
  [ -n "${PLATFORM_PID:-}" ] || return 0
  kill "$PLATFORM_PID" 2>/dev/null || true
  wait "$PLATFORM_PID" 2>/dev/null || true
  PLATFORM_PID=""
}

# bench_signup <base url> <name> → "<user id> <token>"
bench_signup() {
  local r
  r=$(curl -sf -X POST "$1/api/auth/sign-up" -H 'Content-Type: application/json' \
      -d "{\"email\":\"$2-$RANDOM$RANDOM@example.com\",\"password\":\"correct horse\"}") || die "sign-up at $1 failed"
  echo "$(jq -r .user.id <<<"$r") $(jq -r .token <<<"$r")"
}

# bench_users <base url> <name> <count> <file>: signs up <count> users and
# writes "<user id> <token>" lines (the users files of ws_latency and
# bench_flows).
bench_users() {
  local base="$1" name="$2" n="$3" file="$4" i
  : >"$file"
  for i in $(seq 1 "$n"); do bench_signup "$base" "$name-$i" >>"$file"; done
}

# bench_create_lua <users file> <body> <lua file>: a wrk script creating
# tasks for the users round-robin (each wrk thread starts at its own user).
bench_create_lua() {
  {
    echo "local users = {"
    awk '{ printf "  {\"%s\", \"%s\"},\n", $1, $2 }' "$1"
    echo "}"
    echo "local body = '$2'"
    cat <<'LUA'
local i = math.random(#users)
request = function()
  i = i % #users + 1
  local u = users[i]
  return wrk.format("POST", "/api/" .. u[1] .. "/tasks",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. u[2]}, body)
end
LUA
  } >"$3"
}

# bench_seed_tasks <database url> <user id> <count>: a realistic account in
# one statement: a third of each priority, a quarter completed, four in five
# with a due date, one tag in two, created over the last <count> minutes.
bench_seed_tasks() {
  psql "$1" -q -c "INSERT INTO tasks (id, user_id, title, description, priority, tags, completed, due_date,
      timezone, created_at, updated_at, completed_at)
    SELECT gen_random_uuid(), '$2', 'Seeded task ' || i, CASE WHEN i % 3 = 0 THEN 'Some notes about task ' || i ELSE '' END,
      1 + i % 3, CASE WHEN i % 2 = 0 THEN '{home}'::text[] ELSE '{}' END, i % 4 = 0,
      CASE WHEN i % 5 = 0 THEN NULL ELSE now() + (i % 500) * interval '1 hour' END, 'UTC',
      now() - i * interval '1 minute', now() - i * interval '1 minute',
      CASE WHEN i % 4 = 0 THEN now() ELSE NULL END
    FROM generate_series(1, $3) i" -c "ANALYZE tasks"
}

# bench_backlog <port>: events not yet consumed by the slowest durable reader.
bench_backlog() {
  curl -sf "localhost:$1/metrics" | awk '/^event_log_backlog / {print int($2)}'
}

# bench_wait_drained <port> [deadline s]: until the consumers caught up; prints the seconds it took.
bench_wait_drained() {
  local start deadline b
  start=$(date +%s.%N)
  deadline=$(( SECONDS + ${2:-120} ))
  while :; do
    b=$(bench_backlog "$1" || echo x)
    [ "$b" = 0 ] && break
    [ $SECONDS -lt $deadline ] || { echo nan; return 0; }
    sleep 0.05
  done
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'
}

# bench_rss_mb <pid>: resident memory in MB.
bench_rss_mb() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# bench_rss_settled <pid> [deadline s]: the resident memory in MB once it
# stopped changing (the same in KB over half a second), or after the
# deadline (10 s) with "~" before the figure.
bench_rss_settled() {
  local pid="$1" deadline=$(( SECONDS + ${2:-10} )) a b
  a=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  while :; do
    sleep 0.5
    b=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
    [ "$a" = "$b" ] && break
    [ $SECONDS -lt $deadline ] || { printf '~'; break; }
    a="$b"
  done
  awk -v k="$b" 'BEGIN { printf "%.1f", k / 1024 }'
}

# ---------------------------------------------------------------- CPU accounting

# The CPU ticks (user + system, in 1/CLK_TCK s) of processes; with children
# already reaped (cutime, cstime): pgbench's backends end with the run and
# their time lands in the postmaster's.
_ticks() {
  local p line f total=0
  for p in "$@"; do
    line=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    read -r -a f <<<"${line##*) }"  # fields from the state on: utime is f[11]
    total=$(( total + f[11] + f[12] + f[13] + f[14] ))
  done
  echo "$total"
}

_pg_pids() {
  local pm
  pm=$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null) || return 0
  echo "$pm"
  pgrep -P "$pm" || true
}

# The processes of the system under test: BENCH_SERVER_PIDS (the
# distributed system: services, sidecars, Kafka, scheduler, edge) or
# todo-platform; with their child processes.
_server_pids() {
  local p
  for p in ${BENCH_SERVER_PIDS:-${PLATFORM_PID:-}}; do echo "$p"; pgrep -P "$p" || true; done
}

# Busy and total ticks of the whole machine (/proc/stat).
_machine_ticks() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat; }

# bench_cpu_begin / bench_cpu_end: CPU of the server (_server_pids),
# of PostgreSQL (postmaster and every backend) and of the machine between
# the two calls. bench_cpu_end sets SERVER_CPU, PG_CPU (percent of one core)
# and MACHINE_CPU (percent of all cores).
bench_cpu_begin() {
  _CPU_T0=$(date +%s.%N)
  # shellcheck disable=SC2046
  _CPU_SERVER0=$(_ticks $(_server_pids))
  # shellcheck disable=SC2046
  _CPU_PG0=$(_ticks $(_pg_pids))
  _CPU_MACHINE0=$(_machine_ticks)
}
bench_cpu_end() {
  local t1 server1 pg1 machine1
  t1=$(date +%s.%N)
  # shellcheck disable=SC2046
  server1=$(_ticks $(_server_pids))
  # shellcheck disable=SC2046
  pg1=$(_ticks $(_pg_pids))
  machine1=$(_machine_ticks)
  read -r SERVER_CPU PG_CPU MACHINE_CPU < <(awk -v t0="$_CPU_T0" -v t1="$t1" -v hz="$CLK_TCK" \
    -v s0="$_CPU_SERVER0" -v s1="$server1" -v p0="$_CPU_PG0" -v p1="$pg1" \
    -v m0="$_CPU_MACHINE0" -v m1="$machine1" 'BEGIN {
      wall = t1 - t0; split(m0, a, " "); split(m1, b, " ")
      printf "%.0f %.0f %.0f\n", 100 * (s1 - s0) / hz / wall, 100 * (p1 - p0) / hz / wall,
             100 * (b[1] - a[1]) / (b[2] - a[2]) }')
}

# bench_timed <stdout file> <command>...: runs the command and sets
# CLIENT_CPU (its user + system CPU, percent of one core over its run) and
# CLIENT_WALL (seconds). Returns the command's status.
bench_timed() {
  local out="$1" tf status=0 u s r
  shift
  tf="$(mktemp "$WORK/time.XXXXXX")"
  { TIMEFORMAT='%3U %3S %3R'; time "$@" >"$out" 2>>"$BENCH_OUT/clients.log"; } 2>"$tf" || status=$?
  read -r u s r <"$tf"
  rm -f "$tf"
  CLIENT_WALL="$r"
  CLIENT_CPU=$(awk -v u="$u" -v s="$s" -v r="$r" 'BEGIN { printf "%.0f", (r > 0 ? 100 * (u + s) / r : 0) }')
  return $status
}

# ---------------------------------------------------------------- load generators

# bench_wrk <clients> <threads> <seconds> <lua script> <url>: 2xx answers
# per second (wrk's own Requests/sec counts error answers too). Any other
# answer or a socket error stops the run, unless BENCH_WRK_TOLERATE=1: then
# WRK_ERRORS says what went wrong and RATE counts the 2xx answers only. Sets
# CLIENT_CPU, SERVER_CPU, PG_CPU, MACHINE_CPU; RATE; WRK_ERRORS.
bench_wrk() {
  local c="$1" t="$2" secs="$3" lua="$4" url="$5" out="$WORK/wrk.out" non2xx total
  bench_cpu_begin
  bench_timed "$out" wrk -t"$t" -c"$c" -d"${secs}s" -s "$lua" "$url" || die "wrk failed: $(cat "$out")"
  bench_cpu_end
  cat "$out" >>"$BENCH_OUT/wrk.log"
  non2xx=$(awk '/Non-2xx or 3xx responses/ {print $NF}' "$out")
  WRK_ERRORS=""
  if [ -n "$non2xx" ] || grep -q "Socket errors" "$out"; then
    WRK_ERRORS="${non2xx:-0} non-2xx answers, $(grep -o 'Socket errors.*' "$out" || echo 'no socket errors')"
    [ "${BENCH_WRK_TOLERATE:-0}" = 1 ] || die "wrk: $WRK_ERRORS from $url"
  fi
  # "N requests in 10.00s, …"
  total=$(awk '/requests in/ {print $1; exit}' "$out")
  RATE=$(awk -v n="$total" -v bad="${non2xx:-0}" -v w="$CLIENT_WALL" -v r="$(awk '/^Requests\/sec/ {print $2}' "$out")" \
    'BEGIN { if (n > 0) printf "%.0f", r * (n - bad) / n; else print "nan" }')
}

# bench_pgbench <clients> <threads> <seconds> <script> [-D name=value]...:
# against $DB_URL (the database the server under test uses), reporting
# transactions/s, with the same outputs as bench_wrk. pgbench runs prepared
# statements with untyped text parameters, as the server's libpq calls do,
# in the server's session settings.
bench_pgbench() {
  local c="$1" t="$2" secs="$3" script="$4" out="$WORK/pgbench.out" failed
  shift 4
  bench_cpu_begin
  bench_timed "$out" env PGTZ=UTC PGDATESTYLE=ISO pgbench -n -M prepared -c "$c" -j "$t" -T "$secs" -f "$script" "$@" "${DB_URL:-$PG_URL}" ||
    die "pgbench failed: $(tail -5 "$BENCH_OUT/clients.log")"
  bench_cpu_end
  cat "$out" >>"$BENCH_OUT/pgbench.log"
  failed=$(awk '/number of failed transactions/ {print $5}' "$out")
  [ "${failed:-0}" = 0 ] || die "pgbench: $failed failed transactions"
  RATE=$(awk '/^tps/ {printf "%.0f", $3}' "$out")
}

# ---------------------------------------------------------------- the server's own SQL

# bench_capture <user id> <name> <command>...: runs the command with every
# statement logged (log_statement = all), then writes the statements the
# server ran for that user, with their parameters exactly as sent, as a
# pgbench script $WORK/<name>.sql plus its variables $WORK/<name>.vars (one
# "-D" argument a line):
#   - a transaction (BEGIN … COMMIT on one backend) when the command wrote,
#     in one pipeline from BEGIN to COMMIT, as db::Connection sends a
#     transaction whose statements are all deferred writes (the create:
#     BEGIN, the task's INSERT, the outbox INSERT and COMMIT in one round
#     trip);
#   - else the one statement whose parameters name the user.
# A parameter holding a fresh id (a UUID other than the user's) becomes
# gen_random_uuid(): every transaction inserts new rows. A NULL parameter
# becomes NULL. Everything else is passed as the same text parameter.
bench_capture() {
  local user="$1" name="$2"
  shift 2
  local csv="$PG_DIR/data/log/postgresql.csv" marker="bench-capture-$name-$RANDOM$RANDOM" deadline
  psql "$PG_URL" -qAt -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
  # The postmaster has reloaded when a new session sees the setting; an idle
  # backend of the server's pool reloads after the next protocol message it
  # reads, so the Execute of its first statement is already logged.
  deadline=$(( SECONDS + 10 ))
  until [ "$(psql "$PG_URL" -qAt -c 'SHOW log_statement')" = all ]; do
    [ $SECONDS -lt $deadline ] || die "log_statement = all did not take effect"
    sleep 0.05
  done
  "$@" >/dev/null
  # A marker statement after the command: once the log collector wrote it,
  # it wrote everything the server logged before its answer.
  psql "$PG_URL" -qAt -c "SELECT '$marker'" >/dev/null
  deadline=$(( SECONDS + 10 ))
  until grep -q "$marker" "$csv" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "the statement log did not reach $csv"
    sleep 0.05
  done
  psql "$PG_URL" -qAt -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null
  # The log up to the marker: whole records only, whatever is written later.
  sed -n "1,/$marker/p" "$csv" >"$WORK/capture.csv"
  psql "$PG_URL" -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
CREATE TABLE IF NOT EXISTS bench_log (
  log_time timestamp(3) with time zone, user_name text, database_name text, process_id integer,
  connection_from text, session_id text, session_line_num bigint, command_tag text,
  session_start_time timestamp with time zone, virtual_transaction_id text, transaction_id bigint,
  error_severity text, sql_state_code text, message text, detail text, hint text, internal_query text,
  internal_query_pos integer, context text, query text, query_pos integer, location text,
  application_name text, backend_type text, leader_pid integer, query_id bigint);
TRUNCATE bench_log;
\\copy bench_log FROM '$WORK/capture.csv' WITH csv
DROP TABLE IF EXISTS bench_stmt;
CREATE TABLE bench_stmt AS
  SELECT process_id AS pid, session_line_num AS line, log_time, substring(message FROM '^execute [^:]+: (.*)$') AS sql, detail
  FROM bench_log WHERE message LIKE 'execute %' AND application_name = 'todo-platform';
SQL
  # The statements of interest: pid, first and last line.
  local range
  range=$(psql "$PG_URL" -qAt -F ' ' <<SQL
WITH hit AS (
  SELECT pid, line FROM bench_stmt WHERE detail LIKE '%''$user''%' ORDER BY log_time DESC, line DESC LIMIT 1),
tx AS (
  SELECT h.pid,
         (SELECT max(line) FROM bench_stmt b WHERE b.pid = h.pid AND b.line <= h.line AND b.sql = 'BEGIN') AS first,
         (SELECT min(line) FROM bench_stmt c WHERE c.pid = h.pid AND c.line > h.line AND c.sql = 'COMMIT') AS last,
         h.line
  FROM hit h)
SELECT pid, CASE WHEN first IS NOT NULL AND last IS NOT NULL THEN first ELSE line END,
       CASE WHEN first IS NOT NULL AND last IS NOT NULL THEN last ELSE line END FROM tx
SQL
)
  [ -n "$range" ] || die "no statement of the server's was captured for $name"
  local pid first last
  read -r pid first last <<<"$range"
  # One line per statement: line, sql; then one per parameter: line, n, null?, base64 value.
  local script="$WORK/$name.sql" vars="$WORK/$name.vars" line sql n isnull b64 value ref count=0
  : >"$script"; : >"$vars"
  while IFS=$'\t' read -r line sql; do
    # Highest number first: \$1 must not match the start of \$10.
    while IFS=$'\t' read -r n isnull b64; do
      value=$(base64 -d <<<"$b64")
      if [ "$isnull" = t ]; then ref=NULL
      elif [[ "$value" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]] && [ "$value" != "$user" ]; then
        ref="gen_random_uuid()"
      else
        ref=":p${line}_$n"
        printf -- '-Dp%s_%s=%s\n' "$line" "$n" "$value" >>"$vars"
      fi
      sql="${sql//\$$n/$ref}"
    done < <(psql "$PG_URL" -qAt -F $'\t' -c "
      SELECT (m)[1]::int, (m)[2] = 'NULL',
             translate(encode(convert_to(replace(coalesce((m)[3], ''), '''''', ''''), 'UTF8'), 'base64'), E'\n', '')
      FROM bench_stmt, regexp_matches(detail, '\\\$(\d+) = (NULL|''((?:[^'']|'''')*)'')', 'g') AS m
      WHERE pid = $pid AND line = $line ORDER BY 1 DESC")
    count=$((count + 1))
    if [ "$sql" = BEGIN ] && [ "$first" != "$last" ]; then
      # pgbench 15 prepares every statement of a script when it runs the
      # first one; inside a pipeline that goes wrong ("prepared statement
      # does not exist"). So each client's first run prepares them with one
      # statement outside the pipeline, once.
      printf '\\if :prepared = 0\nSELECT 1;\n\\set prepared 1\n\\endif\n\\startpipeline\nBEGIN;\n' >>"$script"
      echo "-Dprepared=0" >>"$vars"
      continue
    fi
    printf '%s;\n' "$sql" >>"$script"
    [ "$line" = "$last" ] && grep -q '^\\startpipeline' "$script" && printf '\\endpipeline\n' >>"$script"
  done < <(psql "$PG_URL" -qAt -F $'\t' -c "SELECT line, sql FROM bench_stmt WHERE pid = $pid AND line BETWEEN $first AND $last ORDER BY line")
  cp "$script" "$BENCH_OUT/$name.sql"
  cut -c1-300 "$vars" >"$BENCH_OUT/$name.vars"
  say "captured the server's $name: $count statement(s) ($BENCH_OUT/$name.sql)"
}

# bench_statements <pattern>: calls, rows per call and mean execution time
# (ms) of the statements matching the pattern since the last reset, per
# client (the server's backends are application_name todo-platform, but
# pg_stat_statements keys on user, database and query: run it after one
# side only). Prints "calls rows_per_call mean_ms".
bench_statements() {
  psql "$PG_URL" -qAt -F ' ' -c "SELECT sum(calls), round(sum(rows)::numeric / nullif(sum(calls), 0), 1),
      round((sum(total_exec_time) / nullif(sum(calls), 0))::numeric, 3)
    FROM pg_stat_statements WHERE query LIKE '$1'"
}
bench_statements_reset() { psql "$PG_URL" -qAt -c "SELECT pg_stat_statements_reset()" >/dev/null; }

# ---------------------------------------------------------------- figures

# bench_median <value>...: "median min max" (nan when there are none).
bench_median() {
  printf '%s\n' "$@" | grep -E '^-?[0-9.]+$' | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan nan nan"; exit }
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    print m, v[1], v[NR] }'
}

# bench_fmt <number> [decimals]: thousands separators.
bench_fmt() {
  awk -v x="$1" -v d="${2:-0}" 'BEGIN {
    if (x == "nan" || x == "") { print "—"; exit }
    s = sprintf("%." d "f", x); neg = s ~ /^-/; if (neg) s = substr(s, 2)
    split(s, p, "."); i = p[1]; o = ""
    while (length(i) > 3) { o = "," substr(i, length(i) - 2) o; i = substr(i, 1, length(i) - 3) }
    o = i o; if (d > 0) o = o "." p[2]; print (neg ? "-" : "") o }'
}

# bench_spread <median> <min> <max> [decimals] [unit]: "1,234 (1,200–1,250)",
# or just the figure when there was one run.
bench_spread() {
  local m="$1" lo="$2" hi="$3" d="${4:-0}" unit="${5:-}"
  if [ "$lo" = "$hi" ]; then echo "$(bench_fmt "$m" "$d")$unit"
  else echo "$(bench_fmt "$m" "$d")$unit ($(bench_fmt "$lo" "$d")–$(bench_fmt "$hi" "$d"))"; fi
}

# bench_row <measure> <clients> <ours> <reference> <ratio> <bar> <result> <load generator CPU> <notes>
BENCH_ROWS=()
bench_row() {
  local IFS=$'\t'
  BENCH_ROWS+=("$*")
  printf '%s\n' "$*" >>"$BENCH_OUT/rows.tsv"
  say "row: $*"
}

# bench_pass <value> <op> <bar>: PASS or FAIL (— without a value).
bench_pass() {
  awk -v v="$1" -v op="$2" -v b="$3" 'BEGIN {
    if (v == "nan" || v == "") { print "—"; exit }
    ok = (op == "<=") ? v + 0 <= b + 0 : v + 0 >= b + 0; print ok ? "PASS" : "FAIL" }'
}

# bench_table: the rows as an aligned text table on stdout and as Markdown
# in $BENCH_OUT/table.md.
bench_table() {
  local header=$'measure\tclients\tours\treference\tratio\tbar\tresult\tload generator CPU\tnotes'
  # Byte semantics: every non-ASCII character in the table is 3 bytes of UTF-8.
  printf '%s\n' "$header" "${BENCH_ROWS[@]}" | LC_ALL=C awk -F'\t' '
    { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; n = length($i); gsub(/[^\x00-\x7f]/, "", $i);
        n = n - (n - length($i)) * 2 / 3; if (n > w[i]) w[i] = n; len[NR, i] = n } rows = NR; cols = NF > cols ? NF : cols }
    END { for (r = 1; r <= rows; r++) { line = ""
            for (i = 1; i <= cols; i++) { pad = w[i] - len[r, i]; line = line cell[r, i]; if (i < cols) { while (pad-- > 0) line = line " "; line = line "  " } }
            print line
            if (r == 1) { line = ""; for (i = 1; i <= cols; i++) { for (k = 0; k < w[i]; k++) line = line "-"; if (i < cols) line = line "  " } print line } } }'
  {
    printf '| %s |\n' "${header//$'\t'/ | }"
    printf '|%s\n' "$(printf -- '---|%.0s' $(seq 1 9))"
    local r
    for r in "${BENCH_ROWS[@]}"; do printf '| %s |\n' "${r//$'\t'/ | }"; done
  } >"$BENCH_OUT/table.md"
}
