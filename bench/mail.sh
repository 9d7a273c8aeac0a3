#!/usr/bin/env bash
# Outbox throughput and what sending costs the pages: 1,000 mails are queued (the
# notice of a rejected entry, to 1,000 participants) and sent to an SMTP sink on
# loopback (bench/smtp_sink.py); meanwhile wrk loads the participant's home. Prints
# mails/s and the home page's req/s and p99 while idle and while the 1,000 go out.
# Not a test: no thresholds.
set -euo pipefail
cd "$(dirname "$0")/.."

APP_ADDR=${BENCH_ADDR:-127.0.0.1:3230}
SMTP_PORT=${BENCH_SMTP_PORT:-2530}
MAILS=${BENCH_MAILS:-1000}
THREADS=2 CONNECTIONS=${BENCH_CONNECTIONS:-32} DURATION=${BENCH_DURATION:-5s}
WORK=$PWD/target/bench-mail
BIN=./target/release/leerlijn
for tool in wrk curl sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install -y wrk curl sqlite3 python3" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "build first: make build" >&2; exit 1; }
# shellcheck source=bench/lib.sh
. bench/lib.sh

rm -rf "$WORK" && mkdir -p "$WORK"
export DATABASE_URL="sqlite:$WORK/bench.db" LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=$APP_ADDR RUST_LOG=${RUST_LOG:-warn}
"$BIN" seed-demo >/dev/null
# 1,000 participants to mail; the demo's own two mails are set aside.
sqlite3 "$WORK/bench.db" <<SQL
UPDATE outbox SET status = 'verstuurd';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $MAILS)
INSERT INTO users (email, name, role, cohort_id, created_at, joined_on)
SELECT 'mail' || i || '@leerlijn.test', 'Ontvanger ' || i, 'deelnemer', cohort_id, created_at, joined_on
FROM n, users WHERE email = 'deelnemer@leerlijn.test';
SQL
python3 bench/smtp_sink.py "$SMTP_PORT" "$WORK/received" &
SINK=$!
LEERLIJN_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" "$BIN" serve > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER $SINK 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "http://$APP_ADDR/health" >/dev/null && break; sleep 0.2; done
COOKIE=$(login deelnemer@leerlijn.test)

read -r idle_rps idle_p99 <<<"$(measure "http://$APP_ADDR/" "$COOKIE")"

# Queue the mails as the app does (one outbox row each, with its unsubscribe link).
NOW=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
sqlite3 "$WORK/bench.db" <<SQL
INSERT INTO unsubscribe_links (token_hash, user_id, kind, created_at)
SELECT lower(hex(randomblob(32))), id, 'uren_afgekeurd', '$NOW' FROM users WHERE email LIKE 'mail%@leerlijn.test';
INSERT INTO outbox (kind, user_id, to_address, to_name, language, subject, params, link_path, unsubscribe_path,
                    message_id, next_attempt_at, created_at)
SELECT 'uren_afgekeurd', id, email, name, 'nl', 'Er zijn uren afgekeurd', '{"count":"1"}', '/uren?status=afgekeurd',
       '/afmelden/' || lower(hex(randomblob(32))), lower(hex(randomblob(16))), '$NOW', '$NOW'
FROM users WHERE email LIKE 'mail%@leerlijn.test';
SQL
START=$(date +%s.%N)
read -r busy_rps busy_p99 <<<"$(measure "http://$APP_ADDR/" "$COOKIE")"
until [ "$(cat "$WORK/received" 2>/dev/null || true)" -ge "$MAILS" ] 2>/dev/null; do sleep 0.05; done
END=$(date +%s.%N)
left=$(sqlite3 "$WORK/bench.db" "SELECT COUNT(*) FROM outbox WHERE status <> 'verstuurd'")
printf 'mails: %s sent in %.2f s = %.0f mails/s (not sent: %s)\n' "$MAILS" "$(awk -v a="$START" -v b="$END" 'BEGIN {print b - a}')" \
  "$(awk -v a="$START" -v b="$END" -v n="$MAILS" 'BEGIN {print n / (b - a)}')" "$left"
printf 'participant home: idle %s req/s p99 %s ms; while sending %s req/s p99 %s ms\n' "$idle_rps" "$idle_p99" "$busy_rps" "$busy_p99"
