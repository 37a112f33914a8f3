#!/usr/bin/env bash
# Tile benchmark: the server vs the raw ST_AsMVT statement, same run, same tiles, loopback only.
#   bench/tiles/run.sh [features=1000000] [seconds=15]
# 1. generates bench_landuse (N polygons) in the database geopetition_bench (once);
# 2. latency: TileBench sends each sampled tile to the server (tile cache off) and the same SQL to
#    PostGIS, interleaved, sequentially; p50/p99 per zoom; plus OGC items first vs 1000th page;
# 3. throughput at z14, 8 connections: wrk on the server (cache off) vs pgbench on the same SQL
#    (extended protocol, random tiles of the same range); then the server with its tile cache
#    warmed on 64 tiles vs a bare /health/live.
# Results are appended to bench/tiles/RESULTS.md with the machine and date.
source "$(dirname "$0")/../../scripts/lib.sh"
cd "$GP_ROOT"
N="${1:-1000000}"
SECONDS_PER_RUN="${2:-15}"
PORT=5098
URL="http://127.0.0.1:$PORT"
DB=geopetition_bench
OUT="$GP_ROOT/bench/tiles/RESULTS.md"
WORK="$(mktemp -d)"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
apt_ensure wrk postgresql-15 postgresql-15-postgis-3
pg_start
pg_ensure_db "$DB"
CS="$(pg_url "$DB")"
PSQL=("$GP_PG_BIN/psql" -h 127.0.0.1 -p "$GP_PG_PORT" -U postgres -d "$DB" -v ON_ERROR_STOP=1 -qAt)

log "building (Release)"
dotnet build src/GeoPetition.Server -c Release -v quiet -nologo >/dev/null
dotnet build bench/tiles/TileBench -c Release -v quiet -nologo >/dev/null

SERVER_PID=""
start_server() { # $1 = tile cache megabytes
  GEOPETITION_DB="$CS" dotnet src/GeoPetition.Server/bin/Release/net10.0/geopetition.dll \
    --urls "$URL" --Logging:LogLevel:Default=Warning --GeoPetition:Tiles:CacheMegabytes="$1" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do curl -fs "$URL/health/ready" >/dev/null && return 0; sleep 0.5; done
  log "server did not start:"; cat "$WORK/server.log"; exit 1
}
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""; }
trap 'stop_server; rm -rf "$WORK"' EXIT

start_server 0   # migrations
log "generating $N polygons (once)"
"${PSQL[@]}" -v n="$N" -f bench/tiles/generate.sql

log "latency (sequential, interleaved with the raw SQL)"
dotnet bench/tiles/TileBench/bin/Release/net10.0/TileBench.dll "$URL" "$CS" bench_landuse 200 10,12,14,16 "$WORK/latency.md"

# The z14 tile range of the layer's extent.
read -r X0 X1 Y0 Y1 < <("${PSQL[@]}" -F' ' -c "
  WITH e AS (SELECT v.extent FROM layer l JOIN layer_version v ON v.id = l.current_version_id WHERE l.id = 'bench_landuse'),
  t AS (SELECT floor((ST_XMin(extent) + 180) / 360 * 16384) AS x0, floor((ST_XMax(extent) + 180) / 360 * 16384) AS x1,
               floor((1 - ln(tan(radians(ST_YMax(extent))) + 1 / cos(radians(ST_YMax(extent)))) / pi()) / 2 * 16384) AS y0,
               floor((1 - ln(tan(radians(ST_YMin(extent))) + 1 / cos(radians(ST_YMin(extent)))) / pi()) / 2 * 16384) AS y1 FROM e)
  SELECT x0::int, x1::int, y0::int, y1::int FROM t")
VERSION="$("${PSQL[@]}" -c "SELECT current_version_id FROM layer WHERE id = 'bench_landuse'")"
log "z14 range x $X0–$X1, y $Y0–$Y1"

cat >"$WORK/tiles.lua" <<LUA
math.randomseed(14)
request = function()
  return wrk.format("GET", string.format("/tiles/bench_landuse/14/%d/%d.mvt", math.random($X0, $X1), math.random($Y0, $Y1)))
end
LUA
# The statement the server runs at z14 (full detail), with z/x/y as bind parameters (-M extended).
cat >"$WORK/tile.sql" <<SQL
\set x random($X0, $X1)
\set y random($Y0, $Y1)
SELECT COALESCE((SELECT ST_AsMVT(q, 'bench_landuse', 4096, 'geom', 'fid') FROM (
    SELECT t."fid", t."bsm", t."dlbm", t."dlmc", t."sjnf", ST_AsMVTGeom(ST_Transform(t."geom", 3857), ST_TileEnvelope(14, :x, :y), 4096, 64, true) AS geom
    FROM "land_use" t
    WHERE t."geom" && ST_Transform(ST_TileEnvelope(14, :x, :y, margin => 0.015625), 4490) AND t."version_id" = $VERSION
) q WHERE q.geom IS NOT NULL), ''::bytea);
SQL

wrk_rps() { wrk -t2 -c8 -d"${SECONDS_PER_RUN}s" --latency "$@" | tee -a "$WORK/wrk.txt" | awk '/Requests\/sec/ {print $2}'; }
pgbench_tps() { "$GP_PG_BIN/pgbench" -h 127.0.0.1 -p "$GP_PG_PORT" -U postgres -n -M extended -c 8 -j 2 -T "$SECONDS_PER_RUN" -f "$WORK/tile.sql" "$DB" 2>/dev/null | tee -a "$WORK/pgbench.txt" | awk '/^tps/ {print $3; exit}'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# Three alternating rounds each, medians: the machine may be shared, so neither side gets the quiet minutes.
ROUNDS=3
log "throughput z14: server without tile cache (wrk) vs raw SQL (pgbench), $ROUNDS alternating rounds"
S=(); R=()
for _ in $(seq $ROUNDS); do S+=("$(wrk_rps -s "$WORK/tiles.lua" "$URL")"); R+=("$(pgbench_tps)"); done
RPS_SERVER="$(median "${S[@]}")"; RPS_RAW="$(median "${R[@]}")"

stop_server
start_server 512
log "throughput, server with a warm tile cache (64 tiles) vs /health/live"
CX0=$((X0 + 10)); CY0=$((Y0 + 10))
for x in $(seq "$CX0" $((CX0 + 7))); do for y in $(seq "$CY0" $((CY0 + 7))); do
  curl -fs -o /dev/null "$URL/tiles/bench_landuse/14/$x/$y.mvt"; done; done
cat >"$WORK/cached.lua" <<LUA
math.randomseed(15)
request = function()
  return wrk.format("GET", string.format("/tiles/bench_landuse/14/%d/%d.mvt", math.random($CX0, $((CX0 + 7))), math.random($CY0, $((CY0 + 7)))))
end
LUA
C=(); P=()
for _ in $(seq $ROUNDS); do C+=("$(wrk_rps -s "$WORK/cached.lua" "$URL")"); P+=("$(wrk_rps "$URL/health/live")"); done
RPS_CACHED="$(median "${C[@]}")"; RPS_PING="$(median "${P[@]}")"
stop_server

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
  echo
  echo "## $(date -u +%Y-%m-%d) — $(nproc) × $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}'), $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr)"
  echo
  echo "PostgreSQL $("${PSQL[@]}" -c 'SHOW server_version') / PostGIS $("${PSQL[@]}" -c 'SELECT postgis_lib_version()'), .NET $(dotnet --version), $N polygons (bench_landuse), server, PostgreSQL and clients on the same machine. Load average at start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "### Latency, sequential (200 random tiles per zoom within the layer; tile cache off)"
  echo
  cat "$WORK/latency.md"
  echo
  echo "### Throughput, z14 random tiles in x $X0–$X1, y $Y0–$Y1, 8 connections, median of $ROUNDS alternating ${SECONDS_PER_RUN} s rounds"
  echo
  echo "| what | requests/s | ratio |"
  echo "|---|---:|---:|"
  echo "| raw ST_AsMVT SQL (pgbench -M extended) | $(printf '%.0f' "$RPS_RAW") | 1.00 |"
  echo "| server, tile cache off (wrk) | $RPS_SERVER | $(ratio "$RPS_SERVER" "$RPS_RAW") |"
  echo "| bare /health/live (wrk) | $RPS_PING | 1.00 |"
  echo "| server, warm tile cache, 64 z14 tiles (wrk) | $RPS_CACHED | $(ratio "$RPS_CACHED" "$RPS_PING") |"
} >>"$OUT"
log "results appended to $OUT"
tail -40 "$OUT"
