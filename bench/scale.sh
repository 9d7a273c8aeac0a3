#!/usr/bin/env bash
# The app on a large database (bench/generate.sql on top of the demo: 50 cohorts,
# 10,000 participants, one cohort of 500, 1,000,000 hour entries, attendance, plans,
# certificates), each page against nginx serving the same bytes at 32 connections;
# then the downloads of the 500-cohort (first byte and whole), start-up time and
# peak RSS. Not a test: no thresholds. Figures go to bench/RESULTS.md by hand.
# BENCH_BIN runs another build of the app (two builds compared on the same database).
set -euo pipefail
cd "$(dirname "$0")/.."

APP_ADDR=${BENCH_ADDR:-127.0.0.1:3230}
NGINX_PORT=${BENCH_NGINX_PORT:-3231}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
WORK=$PWD/target/bench-scale
BIN=${BENCH_BIN:-./target/release/leerlijn}
source bench/lib.sh
for tool in wrk nginx sqlite3 curl; do
  command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install -y wrk nginx-light sqlite3 curl" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "build first: make build" >&2; exit 1; }

export DATABASE_URL="sqlite:$WORK/bench.db" LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=$APP_ADDR RUST_LOG=warn
# The database takes ~30 s to generate; BENCH_REUSE=1 keeps the last one.
if [ -z "${BENCH_REUSE:-}" ] || [ ! -f "$WORK/bench.db" ]; then
  rm -rf "$WORK" && mkdir -p "$WORK"
  "$BIN" seed-demo >/dev/null
  start=$(date +%s.%N)
  sqlite3 "$WORK/bench.db" < bench/generate.sql >/dev/null
  echo "generated in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s: $(du -h "$WORK/bench.db" | cut -f1)"
fi
rm -rf "$WORK/www" "$WORK/nginx"
sqlite3 "$WORK/bench.db" "SELECT COUNT(*) || ' cohorts' FROM cohorts; SELECT COUNT(*) || ' participants' FROM users WHERE role = 'deelnemer';
  SELECT COUNT(*) || ' hour entries' FROM hour_entries; SELECT COUNT(*) || ' attendance rows' FROM attendance;"

start=$(date +%s%N)
"$BIN" serve > "$WORK/server.log" 2>&1 &
SERVER=$!
NGINX_PID=""
trap 'kill $SERVER 2>/dev/null || true; [ -n "$NGINX_PID" ] && kill $NGINX_PID 2>/dev/null || true' EXIT
until curl -fs -o /dev/null "http://$APP_ADDR/health"; do sleep 0.005; done
echo "start-up (until /health answers): $(( ($(date +%s%N) - start) / 1000000 )) ms"

PARTICIPANT=$(login deelnemer@leerlijn.test)
TRAINER=$(login trainer@leerlijn.test)
COORDINATOR=$(login coordinator@leerlijn.test)
[ -n "$PARTICIPANT" ] && [ -n "$TRAINER" ] && [ -n "$COORDINATOR" ] || { echo "login failed" >&2; exit 1; }
q() { sqlite3 "$WORK/bench.db" "$1"; }
BIG=$(q "SELECT id FROM cohorts WHERE name = 'Bench cohort 01'")
LESSON=$(q "SELECT id FROM programme_sessions WHERE cohort_id = $BIG AND kind = 'les' AND held_on < date('now') ORDER BY held_on DESC LIMIT 1")
SOMEONE=$(q "SELECT MIN(id) FROM users WHERE cohort_id = $BIG AND role = 'deelnemer'")
# The account list's second page of trainers starts after the 50th by name.
FIFTIETH_TRAINER=$(q "SELECT id FROM users WHERE role = 'trainer' ORDER BY LOWER(name), id LIMIT 1 OFFSET 49")

PAGES=(
  "participant-home|/|$PARTICIPANT"
  "my-entries|/uren|$PARTICIPANT"
  "review-queue|/beoordelen|$TRAINER"
  "review-confirmed|/beoordelen?alleen=bevestigd|$TRAINER"
  "trainer-home|/|$TRAINER"
  "cohort-500|/cohorten/$BIG|$TRAINER"
  "programme-500|/cohorten/$BIG/programma|$TRAINER"
  "groups-500|/cohorten/$BIG/groepen|$TRAINER"
  "attendance-sheet|/bijeenkomsten/$LESSON|$TRAINER"
  "record-500|/deelnemers/$SOMEONE|$TRAINER"
  "cohort-list|/cohorten|$COORDINATOR"
  "coordinator-home|/|$COORDINATOR"
  "accounts|/accounts|$COORDINATOR"
  "accounts-trainers-2|/accounts?rol=trainer&na=$FIFTIETH_TRAINER|$COORDINATOR"
  "login|/inloggen|"
)
save_pages "${PAGES[@]}"
start_nginx
compare_pages "${PAGES[@]}"

echo
printf '%-26s %12s %10s %12s\n' download "first byte" whole bytes
for download in "hours-csv-500|/cohorten/$BIG/uren.csv" "attendance-csv-500|/cohorten/$BIG/aanwezigheid.csv" \
                "certificates-zip-500|/cohorten/$BIG/certificaten.zip"; do
  IFS='|' read -r name path <<<"$download"
  read -r first whole bytes <<<"$(curl -s -o /dev/null -H "Cookie: $COORDINATOR" -w '%{time_starttransfer} %{time_total} %{size_download}' "http://$APP_ADDR$path")"
  printf '%-26s %10.0fms %8.0fms %12s\n' "$name" "$(awk -v t="$first" 'BEGIN {print t * 1000}')" "$(awk -v t="$whole" 'BEGIN {print t * 1000}')" "$bytes"
done
echo "server peak RSS: $(( $(awk '/VmHWM/ {print $2}' /proc/$SERVER/status) / 1024 )) MiB"
