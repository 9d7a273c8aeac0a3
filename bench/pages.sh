#!/usr/bin/env bash
# Load measurement of the pages people open most, on the release build, each
# against nginx serving the very same bytes (saved from the app) on this machine:
#   participant home (150 entries), trainer home, review queue (100 waiting), login page, the public
#   track page and application form (the demo's open cohort with two admission statements),
#   a cohort's programme, today's attendance sheet, a participant's own programme (demo programme) and
#   their plans page (demo plans: an approved POP with two versions and feedback, a draft GOP).
# Prints requests/s and p99 for both and the ratios. Not a test: no thresholds.
set -euo pipefail
cd "$(dirname "$0")/.."

APP_ADDR=${BENCH_ADDR:-127.0.0.1:3200}
NGINX_PORT=${BENCH_NGINX_PORT:-3201}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
WORK=$PWD/target/bench
BIN=./target/release/leerlijn
source bench/lib.sh

for tool in wrk nginx sqlite3 curl; do
  command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install -y wrk nginx-light sqlite3 curl" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "build first: make build" >&2; exit 1; }

rm -rf "$WORK" && mkdir -p "$WORK/www" "$WORK/nginx"
export DATABASE_URL="sqlite:$WORK/bench.db" LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=$APP_ADDR RUST_LOG=warn
"$BIN" seed-demo >/dev/null
# The demo participant gets 150 entries; the demo trainer's cohort 100 waiting ones.
sqlite3 "$WORK/bench.db" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 146)
INSERT INTO hour_entries (participant_id, cohort_id, worked_on, quarters, kind, description, place, status, submitted_at)
SELECT u.id, u.cohort_id, date('now', '-' || (i % 55) || ' days'), 4 + (i % 8),
       CASE WHEN i % 2 = 0 THEN 'leren' ELSE 'praktijk' END, 'Bench-regel ' || i || ': spreekuur, huisbezoek of training met de tandempartner',
       CASE WHEN i % 2 = 0 THEN NULL ELSE 'Buurtteam Noord' END,
       CASE WHEN i % 3 = 0 THEN 'ingediend' ELSE 'goedgekeurd' END, datetime('now')
FROM n, users u WHERE u.email = 'deelnemer@leerlijn.test';
SQL
WAITING=$(sqlite3 "$WORK/bench.db" "SELECT COUNT(*) FROM hour_entries WHERE status = 'ingediend'")
sqlite3 "$WORK/bench.db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100 - $WAITING)
INSERT INTO hour_entries (participant_id, cohort_id, worked_on, quarters, kind, description, place, status, submitted_at)
SELECT u.id, u.cohort_id, date('now', '-' || (i % 30) || ' days'), 4, 'leren', 'Wachtende regel ' || i, NULL, 'ingediend', datetime('now')
FROM n, users u WHERE u.email = 'kees@leerlijn.test';
SQL

"$BIN" serve > "$WORK/server.log" 2>&1 &
SERVER=$!
NGINX_PID=""
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 50); do curl -fs "http://$APP_ADDR/health" >/dev/null && break; sleep 0.2; done

PARTICIPANT=$(login deelnemer@leerlijn.test)
TRAINER=$(login trainer@leerlijn.test)
[ -n "$PARTICIPANT" ] && [ -n "$TRAINER" ] || { echo "login failed" >&2; exit 1; }

COHORT=$(sqlite3 "$WORK/bench.db" "SELECT cohort_id FROM users WHERE email = 'deelnemer@leerlijn.test'")
# The demo's "today" is Amsterdam's date (not the machine's): around midnight they differ.
TODAY_IN_AMSTERDAM=$(TZ=Europe/Amsterdam date +%F)
TODAYS_LESSON=$(sqlite3 "$WORK/bench.db" "SELECT id FROM programme_sessions WHERE kind = 'les' AND held_on = '$TODAY_IN_AMSTERDAM'")
[ -n "$TODAYS_LESSON" ] || { echo "no lesson today in the demo programme" >&2; exit 1; }

# name | path | cookie
PAGES=(
  "participant-home|/|$PARTICIPANT"
  "trainer-home|/|$TRAINER"
  "review-queue|/beoordelen|$TRAINER"
  "login|/inloggen|"
  "track-page|/leerlijn|"
  "apply-form|/aanmelden|"
  "programme|/cohorten/$COHORT/programma|$TRAINER"
  "attendance-sheet|/bijeenkomsten/$TODAYS_LESSON|$TRAINER"
  "my-programme|/programma|$PARTICIPANT"
  "my-plans|/plannen|$PARTICIPANT"
)

# nginx serves each saved page as a static file, with the same compression the app applies.
save_pages "${PAGES[@]}"
start_nginx

# The bundle as the app serves it (its own gzip/brotli compression).
served() { curl -s -H "Accept-Encoding: $2" "http://$APP_ADDR/pkg/$1" | wc -c; }
for file in leerlijn.wasm leerlijn.js; do
  echo "$file: $(stat -c %s "target/site/pkg/$file") B raw, $(served "$file" gzip) B gzip, $(served "$file" br) B br (as served)"
done
compare_pages "${PAGES[@]}"
echo "server peak RSS: $(( $(awk '/VmHWM/ {print $2}' /proc/$SERVER/status) / 1024 )) MiB"
