#!/usr/bin/env bash
# Start or stop the project-local PostgreSQL cluster: scripts/db.sh start|stop|url [database]
source "$(dirname "$0")/lib.sh"
case "${1:-start}" in
  start) pg_start; pg_ensure_db "${2:-geopetition}"; pg_url "${2:-geopetition}" ;;
  stop) pg_stop ;;
  url) pg_url "${2:-geopetition}" ;;
  *) echo "usage: scripts/db.sh start|stop|url [database]" >&2; exit 2 ;;
esac
