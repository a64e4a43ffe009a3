# Private PostgreSQL clusters for scripts/run (kept under .local/) and
# scripts/test (throwaway). Sourced after common.sh.

# A directory the PostgreSQL user may own and traverse. Under $1 when the
# server user can reach it, else under /var/tmp with a symlink at $1 (a repo
# below /root is not reachable by the postgres account).
pg_prepare_dir() {
  local want="$1" dir="$1"
  mkdir -p "$(dirname "$want")"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$(dirname "$want")" 2>/dev/null; then
    dir="/var/tmp/todo-platform-$(printf '%s' "$want" | sha1sum | cut -c1-12)"
    mkdir -p "$dir"
    ln -sfn "$dir" "$want"
  else
    mkdir -p "$dir"
  fi
  chown "$(pg_owner)" "$dir" 2>/dev/null || true
  chmod 700 "$dir"
  echo "$dir"
}

# pg_init_cluster <dir> <auth: trust|scram-sha-256> [password file]
pg_init_cluster() {
  local dir="$1" auth="$2" pwfile="${3:-}"
  [ -f "$dir/data/PG_VERSION" ] && return 0
  say "creating a PostgreSQL cluster in $dir"
  local args=(-D "$dir/data" -U postgres --encoding=UTF8 --locale=C.UTF-8 --auth="$auth")
  if [ -n "$pwfile" ]; then
    cp "$pwfile" "$dir/pwfile" && chown "$(pg_owner)" "$dir/pwfile" && chmod 600 "$dir/pwfile"
    args+=(--pwfile="$dir/pwfile")
  fi
  as_pg "$PG_BIN/initdb" "${args[@]}" >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  rm -f "$dir/pwfile"
}

# pg_start <dir> <port>: listens on 127.0.0.1:<port> and on a Unix socket in
# <dir>; with PG_LISTEN='' on the socket only (no TCP port that another
# cluster could take while this one is stopped).
pg_start() {
  local dir="$1" port="$2" listen="${PG_LISTEN-127.0.0.1}"
  if as_pg "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then return 0; fi
  say "starting PostgreSQL on ${listen:-a Unix socket in $dir}:$port"
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses='$listen' -c max_connections=300 -c fsync=${PG_FSYNC:-on}" start >/dev/null ||
    { tail -20 "$dir/server.log" >&2; die "PostgreSQL did not start (port $port taken?)"; }
}

pg_stop() {
  local dir="$1"
  [ -f "$dir/data/PG_VERSION" ] || return 0
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

# A throwaway cluster in a fresh temporary directory, removed on exit
# together with the process in $PLATFORM_PID (if any). Sets WORK, PG_DIR,
# PG_PORT and PG_URL. fsync follows $PG_FSYNC (default on).
pg_throwaway() {
  WORK="$(mktemp -d /tmp/todo-${1:-run}.XXXXXX)"
  chmod 755 "$WORK"
  PG_DIR="$(pg_prepare_dir "$WORK/pg")"
  PLATFORM_PID=""
  trap pg_throwaway_cleanup EXIT
  pg_init_cluster "$PG_DIR" trust
  PG_PORT="$(free_port)"
  pg_start "$PG_DIR" "$PG_PORT"
  PG_URL="postgresql://postgres@127.0.0.1:${PG_PORT}/postgres"
}

pg_throwaway_cleanup() {
  if [ -n "${PLATFORM_PID:-}" ]; then kill "$PLATFORM_PID" 2>/dev/null || true; fi
  pg_stop "$PG_DIR"
  rm -rf "$WORK" "$PG_DIR"
}

# The database of scripts/run and scripts/run-distributed: DATABASE_URL when
# set, else a private cluster under .local/pg (password auth, 127.0.0.1 only,
# port TODO_PG_PORT or 5544) with a database `todo`, left running for the
# next run (scripts/db-stop stops it). Exports DATABASE_URL.
local_database() {
  [ -n "${DATABASE_URL:-}" ] && return 0
  local LOCAL="$ROOT/.local"
  mkdir -p "$LOCAL"
  chmod 711 "$LOCAL"  # secrets inside are 0600; PostgreSQL must be able to traverse to .local/pg
  local pwfile="$LOCAL/pg_password"
  [ -s "$pwfile" ] || (umask 077 && head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 >"$pwfile")
  [ -s "$LOCAL/pg_port" ] || echo "${TODO_PG_PORT:-5544}" >"$LOCAL/pg_port"
  local pg_port pg_dir
  pg_port="$(cat "$LOCAL/pg_port")"
  pg_dir="$(pg_prepare_dir "$LOCAL/pg")"
  pg_init_cluster "$pg_dir" scram-sha-256 "$pwfile"
  pg_start "$pg_dir" "$pg_port"
  export PGPASSWORD="$(cat "$pwfile")"
  if ! psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'todo'" | grep -q 1; then
    say "creating database todo"
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qc "CREATE DATABASE todo" >/dev/null
  fi
  export DATABASE_URL="postgresql://postgres:${PGPASSWORD}@127.0.0.1:${pg_port}/todo"
  unset PGPASSWORD
  say "PostgreSQL: .local/pg on 127.0.0.1:$pg_port (stays up; scripts/db-stop stops it)"
}

# JWT_SECRET when set, else one generated once into .local/jwt_secret. Exports JWT_SECRET.
local_jwt_secret() {
  [ -n "${JWT_SECRET:-}" ] && return 0
  local LOCAL="$ROOT/.local"
  mkdir -p "$LOCAL"
  [ -s "$LOCAL/jwt_secret" ] || (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n' >"$LOCAL/jwt_secret")
  export JWT_SECRET="$(cat "$LOCAL/jwt_secret")"
}
