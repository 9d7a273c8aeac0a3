#!/usr/bin/env bash
# Load measurement of the pages people open most, on the release build, each
# against nginx serving the very same bytes (saved from the app) on this machine:
#   participant home (150 entries), trainer home, review queue (100 waiting), login page,
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

login() {
  curl -s -o /dev/null -D - -H "Origin: http://$APP_ADDR" --data-urlencode '_form=login' \
    --data-urlencode "email=$1" --data-urlencode 'password=leerlijn-demo-2026' \
    "http://$APP_ADDR/inloggen" | awk -F'[ ;]' 'tolower($1)=="set-cookie:" && $2 ~ /^leerlijn_sessie=/ {print $2}'
}
PARTICIPANT=$(login deelnemer@leerlijn.test)
TRAINER=$(login trainer@leerlijn.test)
[ -n "$PARTICIPANT" ] && [ -n "$TRAINER" ] || { echo "login failed" >&2; exit 1; }

COHORT=$(sqlite3 "$WORK/bench.db" "SELECT id FROM cohorts LIMIT 1")
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
  "programme|/cohorten/$COHORT/programma|$TRAINER"
  "attendance-sheet|/bijeenkomsten/$TODAYS_LESSON|$TRAINER"
  "my-programme|/programma|$PARTICIPANT"
  "my-plans|/plannen|$PARTICIPANT"
)

# nginx serves each saved page as a static file, with the same compression the app applies.
for page in "${PAGES[@]}"; do
  IFS='|' read -r name path cookie <<<"$page"
  curl -fs -H "Cookie: $cookie" "http://$APP_ADDR$path" -o "$WORK/www/$name.html"
done
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  gzip on;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -g 'daemon off;' &
NGINX_PID=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$NGINX_PORT/login.html" >/dev/null && break; sleep 0.1; done

# "requests/s p99-in-ms" of one wrk run.
measure() {
  local url=$1 cookie=$2 out
  out=$(wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Accept-Encoding: gzip" ${cookie:+-H "Cookie: $cookie"} "$url")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "$rps $p99"
}

# The bundle as the app serves it (its own gzip/brotli compression).
served() { curl -s -H "Accept-Encoding: $2" "http://$APP_ADDR/pkg/$1" | wc -c; }
for file in leerlijn.wasm leerlijn.js; do
  echo "$file: $(stat -c %s "target/site/pkg/$file") B raw, $(served "$file" gzip) B gzip, $(served "$file" br) B br (as served)"
done
printf '%-18s %8s %10s %9s | %10s %9s | %8s %9s\n' page "html B" "app rps" "app p99" "nginx rps" "nginx p99" "ratio" "p99 x"
for page in "${PAGES[@]}"; do
  IFS='|' read -r name path cookie <<<"$page"
  read -r app_rps app_p99 <<<"$(measure "http://$APP_ADDR$path" "$cookie")"
  read -r ngx_rps ngx_p99 <<<"$(measure "http://127.0.0.1:$NGINX_PORT/$name.html" "")"
  ratio=$(awk -v a="$app_rps" -v n="$ngx_rps" 'BEGIN {printf "%.3f", a / n}')
  slower=$(awk -v a="$app_p99" -v n="$ngx_p99" 'BEGIN {printf "%.1f", a / n}')
  printf '%-18s %8s %10s %8sms | %10s %8sms | %8s %9s\n' "$name" "$(stat -c %s "$WORK/www/$name.html")" "$app_rps" "$app_p99" "$ngx_rps" "$ngx_p99" "$ratio" "$slower"
done
echo "server peak RSS: $(( $(awk '/VmHWM/ {print $2}' /proc/$SERVER/status) / 1024 )) MiB"
