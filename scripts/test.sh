#!/usr/bin/env bash
# Runs every test: installs what is missing (PostgreSQL 15 + PostGIS 3, GDAL, PROJ, Chromium, a CJK
# font), starts the project-local PostgreSQL, checks formatting, builds, and runs all test projects.
source "$(dirname "$0")/lib.sh"
cd "$GP_ROOT"
dotnet_ensure
apt_ensure postgresql-15 postgresql-15-postgis-3 gdal-bin proj-bin chromium fonts-noto-cjk poppler-utils
GEOPETITION_PG_FSYNC=off pg_start
export GEOPETITION_TEST_PG="$(pg_url postgres)"

log "checking formatting (dotnet format --verify-no-changes)"
dotnet format GeoPetition.sln --verify-no-changes --no-restore 2>/dev/null || {
  dotnet restore GeoPetition.sln -v quiet >/dev/null && dotnet format GeoPetition.sln --verify-no-changes; }

viewer_build

log "building and running the tests"
dotnet test GeoPetition.sln -c Release --logger "console;verbosity=normal" "$@"
