# Shared by scripts/run and scripts/test. Sourced, not executed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Runs a command as the PostgreSQL server user: postgres refuses to run as
# root, so root hands it to the postgres account; anyone else runs it as
# themselves.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_owner() { if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi; }

BUILD_PACKAGES=(cmake ninja-build g++ ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-context1.81-dev
  libpq-dev libssl-dev libsodium-dev libcctz-dev tzdata
  libgtest-dev libgmock-dev
  postgresql-15 postgresql-client-15)
TEST_PACKAGES=(libbenchmark-dev chromium wrk hyperfine curl)

# Installs whichever of the given Debian packages are missing.
ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  if [ ! -f /var/lib/apt/lists/lock ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock || true)" ]; then
    as_root apt-get update -qq
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
}

# Node.js and npm build the web app and drive the browser tests.
ensure_node() {
  if command -v node >/dev/null && command -v npm >/dev/null; then return 0; fi
  ensure_packages nodejs npm
}

# cmake configure + build of one preset (2 jobs: Beast needs up to 2 GB a file).
build_preset() {
  local preset="$1"; shift
  say "building ($preset)"
  # Configuring again is cheap and picks up new folders and options.
  (cd "$ROOT" && cmake --preset "$preset" >/dev/null)
  cmake --build "$ROOT/build/$preset" -j 2 "$@"
}

# Installs a Node package's dependencies (npm ci) unless node_modules already
# matches its package-lock.json.
npm_install() {
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing the dependencies of ${dir#"$ROOT"/} (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Builds web/dist unless it is up to date with its sources and build config.
build_web() {
  ensure_node
  local web="$ROOT/web"
  [ -f "$web/package.json" ] || return 0
  npm_install "$web" || return 1
  if [ ! -f "$web/dist/index.html" ] || [ -n "$(find "$web/src" "$web/public" "$web/index.html" "$web/package.json" \
      "$web/package-lock.json" "$web"/vite.config.* "$web"/tsconfig*.json -newer "$web/dist/index.html" -print -quit 2>/dev/null)" ]; then
    say "building the web app"
    (cd "$web" && npm run --silent build)
  fi
}

# A free TCP port on 127.0.0.1, below the kernel's ephemeral range: a port
# inside it can be taken by some process's outgoing connection between this
# check and the listener's bind (seen with daprd, which binds late).
#
# A port handed out is remembered (in TODO_PORTS_FILE, shared with the
# scripts this one starts) and never handed out again: a system of thirty
# listeners picks its ports before most of them bind, and the probe alone
# once gave the edge and a sidecar the same port (a 2% chance per run).
if [ -z "${TODO_PORTS_FILE:-}" ]; then
  for f in /tmp/todo-platform-ports.*; do  # files of scripts that have ended
    [ -e "$f" ] && ! kill -0 "${f##*.}" 2>/dev/null && rm -f "$f"
  done
  export TODO_PORTS_FILE="/tmp/todo-platform-ports.$$"
  : >"$TODO_PORTS_FILE"
fi
free_port() {
  local port low=32768
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  [ "$low" -gt 12000 ] 2>/dev/null || low=32768
  for _ in $(seq 1 100); do
    port=$(( 10000 + RANDOM % (low - 10000) ))
    grep -qx "$port" "$TODO_PORTS_FILE" 2>/dev/null && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port" >>"$TODO_PORTS_FILE"
      echo "$port"
      return 0
    fi
  done
  die "no free port found"
}
