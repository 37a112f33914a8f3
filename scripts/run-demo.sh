#!/usr/bin/env bash
# Runs the server on the demo county: installs what is missing, starts the project-local
# PostgreSQL, loads data/demo through the import path on first start, and serves on
# http://127.0.0.1:5080 (override with GEOPETITION_URL). With GEOPETITION_DB set, uses that database.
source "$(dirname "$0")/lib.sh"
cd "$GP_ROOT"
dotnet_ensure
# The CJK font of evidence maps and reports (GeoPetition:Evidence:FontPath).
apt_ensure fonts-noto-cjk
URL="${GEOPETITION_URL:-http://127.0.0.1:5080}"
if [ -z "${GEOPETITION_DB:-}" ]; then
  pg_start
  pg_ensure_db geopetition
  export GEOPETITION_DB="$(pg_url geopetition)"
fi
# Secrets of this machine's demo (kept in .var/, never committed): the bearer-token signing key and
# the key petitioner data is encrypted with. A real deployment sets them in its own configuration.
SECRETS="$GP_ROOT/.var/demo-secrets.env"
if [ ! -f "$SECRETS" ]; then
  mkdir -p "$GP_ROOT/.var"
  umask 077
  {
    echo "GeoPetition__Auth__SigningKey=$(head -c 48 /dev/urandom | base64 -w0)"
    echo "GeoPetition__PersonalData__Keys__demo1=$(head -c 32 /dev/urandom | base64 -w0)"
    echo "GeoPetition__PersonalData__CurrentKey=demo1"
  } > "$SECRETS"
fi
set -a; source "$SECRETS"; set +a
viewer_build
log "building"
dotnet build src/GeoPetition.Server -c Release -v quiet -nologo | grep -E "error|Warn" || true
log "GeoPetition on the demo county: open $URL  (API docs: $URL/api-docs)"
log "log in as e.g. case-officer-510991 / geopetition-demo (every role exists for 510991 and 510992:"
log "  registrar, case-officer, lead-official, supervisor, auditor, administrator; and administrator-510900, auditor-510900)"
exec dotnet run --project src/GeoPetition.Server -c Release --no-build -- \
  --urls "$URL" --GeoPetition:LoadDemo=true --GeoPetition:DataDir="$GP_ROOT/data" --GeoPetition:TilesDir="$GP_ROOT/tiles"
