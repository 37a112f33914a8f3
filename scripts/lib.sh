#!/usr/bin/env bash
# Shared helpers for the run and test scripts: install what is missing (Debian), and run a
# project-local PostgreSQL 15 + PostGIS 3 cluster on its own port. Sourced, not executed.
set -euo pipefail

GP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GP_PG_BIN="/usr/lib/postgresql/15/bin"
GP_PG_PORT="${GEOPETITION_PG_PORT:-55432}"

log() { printf '\033[1;34m[geopetition]\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; return 1; fi
}

# apt_ensure PACKAGE... : installs the Debian packages that are not installed yet.
apt_ensure() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  if [ ! -f /tmp/.geopetition-apt-updated ]; then as_root apt-get update -qq && touch /tmp/.geopetition-apt-updated; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The data directory: under the user's data dir; as root, where the postgres user can reach it
# (PostgreSQL refuses to run as root, so the cluster belongs to the postgres user then).
pg_datadir() {
  if [ -n "${GEOPETITION_PGDATA:-}" ]; then echo "$GEOPETITION_PGDATA"
  elif [ "$(id -u)" -eq 0 ]; then echo "/var/lib/geopetition/pg15"
  else echo "${XDG_DATA_HOME:-$HOME/.local/share}/geopetition/pg15"; fi
}

pg_run() { # run a PostgreSQL binary as the cluster owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start: creates the cluster on first use and starts it; prints nothing on success.
pg_start() {
  apt_ensure postgresql-15 postgresql-15-postgis-3
  local dir; dir="$(pg_datadir)"
  if [ ! -s "$dir/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $dir (port $GP_PG_PORT)"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$(dirname "$dir")"
    chmod 700 "$dir"
    pg_run "$GP_PG_BIN/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $GP_PG_PORT
unix_socket_directories = '$dir'
fsync = ${GEOPETITION_PG_FSYNC:-on}
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 256MB
max_connections = 200
CONF
  fi
  if ! pg_run "$GP_PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    pg_run "$GP_PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null
  fi
}

pg_stop() {
  local dir; dir="$(pg_datadir)"
  [ -s "$dir/PG_VERSION" ] && pg_run "$GP_PG_BIN/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
}

pg_url() { # connection string for database $1
  echo "Host=127.0.0.1;Port=$GP_PG_PORT;Username=postgres;Database=$1;Include Error Detail=true"
}

pg_ensure_db() { # creates database $1 with PostGIS when missing
  local psql=("$GP_PG_BIN/psql" -h 127.0.0.1 -p "$GP_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt)
  if [ "$("${psql[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" != "1" ]; then
    "${psql[@]}" -d postgres -c "CREATE DATABASE \"$1\"" >/dev/null
  fi
  "${psql[@]}" -d "$1" -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
}

dotnet_ensure() {
  command -v dotnet >/dev/null || { log "the .NET SDK is required (https://dot.net); it was not found on PATH"; exit 1; }
}

# node_ensure: Node.js >= 18 and npm (Debian's nodejs and npm packages when there is no npm at all).
node_ensure() {
  command -v npm >/dev/null || apt_ensure nodejs npm
  local major; major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -lt 18 ]; then log "the map viewer needs Node.js 18 or newer to build; found $(node --version 2>/dev/null || echo none)"; exit 1; fi
}

# viewer_build: builds the map viewer (src/GeoPetition.Viewer, TypeScript + OpenLayers, Vite) into the
# server's wwwroot when wwwroot/index.html is missing or older than any viewer source; runs `npm ci`
# first when node_modules is missing or older than package-lock.json. Packages come from the npm
# registry configured on the machine; nothing is fetched at run time.
viewer_build() {
  local dir="$GP_ROOT/src/GeoPetition.Viewer" out="$GP_ROOT/src/GeoPetition.Server/wwwroot/index.html"
  if [ -f "$out" ] && [ -z "$(find "$dir/src" "$dir/index.html" "$dir/package.json" "$dir/package-lock.json" \
      "$dir/vite.config.ts" "$dir/tsconfig.json" -newer "$out" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  node_ensure
  local start=$SECONDS
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "installing the map viewer's npm packages (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  log "building the map viewer (vite build into src/GeoPetition.Server/wwwroot)"
  local output
  output="$(cd "$dir" && npm run build 2>&1)" || { printf '%s\n' "$output" >&2; log "the map viewer did not build"; exit 1; }
  log "map viewer built in $((SECONDS - start)) s"
}
