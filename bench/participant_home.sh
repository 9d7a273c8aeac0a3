#!/usr/bin/env bash
# Load test of the participant home page (the page participants open most):
# a seeded database, the release binary, one logged-in participant, wrk.
# Prints requests/s and latency percentiles (p50/p90/p99). Not a test: no thresholds.
set -euo pipefail
cd "$(dirname "$0")/.."

ADDR=${BENCH_ADDR:-127.0.0.1:3200}
DURATION=${BENCH_DURATION:-20s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
WORK=target/bench
BIN=./target/release/leerlijn

command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }
[ -x "$BIN" ] || { echo "build first: cargo leptos build --release" >&2; exit 1; }

rm -rf "$WORK" && mkdir -p "$WORK"
export DATABASE_URL="sqlite:$WORK/bench.db" LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=$ADDR RUST_LOG=warn
"$BIN" seed-demo >/dev/null
# Give the demo participant a realistic year of entries (about 120).
sqlite3 "$WORK/bench.db" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
INSERT INTO hour_entries (participant_id, cohort_id, worked_on, quarters, kind, description, place, status, submitted_at)
SELECT u.id, u.cohort_id, date('now', '-' || (i % 55) || ' days'), 4 + (i % 8),
       CASE WHEN i % 2 = 0 THEN 'leren' ELSE 'praktijk' END, 'Bench-regel ' || i,
       CASE WHEN i % 2 = 0 THEN NULL ELSE 'Buurtteam Noord' END,
       CASE WHEN i % 3 = 0 THEN 'ingediend' ELSE 'goedgekeurd' END, datetime('now')
FROM n, users u WHERE u.email = 'deelnemer@leerlijn.test';
SQL

"$BIN" serve > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "http://$ADDR/health" >/dev/null && break; sleep 0.2; done

COOKIE=$(curl -s -o /dev/null -D - -H 'Accept: application/json' \
  --data-urlencode 'email=deelnemer@leerlijn.test' --data-urlencode 'password=leerlijn-demo-2026' \
  "http://$ADDR/api/login" | awk -F'[ ;]' 'tolower($1)=="set-cookie:" && $2 ~ /^leerlijn_sessie=/ {print $2}')
[ -n "$COOKIE" ] || { echo "login failed" >&2; exit 1; }
curl -fs -o /dev/null -H "Cookie: $COOKIE" "http://$ADDR/" || { echo "home page failed" >&2; exit 1; }

echo "GET / as a participant with $(sqlite3 "$WORK/bench.db" "SELECT COUNT(*) FROM hour_entries h JOIN users u ON u.id = h.participant_id WHERE u.email = 'deelnemer@leerlijn.test'") entries; $CONNECTIONS connections, $DURATION"
wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Cookie: $COOKIE" "http://$ADDR/" | tee "$WORK/wrk.txt"
RSS_KB=$(awk '/VmHWM/ {print $2}' /proc/$SERVER/status)
echo "server peak RSS: $((RSS_KB / 1024)) MiB"
