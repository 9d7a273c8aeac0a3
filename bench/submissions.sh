#!/usr/bin/env bash
# Acknowledged hour submissions per second through the real form path: 16
# clients each open "Uren invullen" for a fresh one-time token, post the form with
# it, and count it when the answer is the 303 that follows its commit.
# Run once as the app is (synchronous = FULL with group commit); BENCH_SYNC=NORMAL
# shows the old setting for comparison (same binary, LEERLIJN_SQLITE_SYNCHRONOUS).
# Not a test: no thresholds.
set -euo pipefail
cd "$(dirname "$0")/.."

APP_ADDR=${BENCH_ADDR:-127.0.0.1:3220}
DURATION=${BENCH_DURATION:-10s}
CLIENTS=${BENCH_CLIENTS:-16}
WORK=$PWD/target/bench-submissions
BIN=./target/release/leerlijn
for tool in wrk curl sqlite3; do
  command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install -y wrk curl sqlite3" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "build first: make build" >&2; exit 1; }

rm -rf "$WORK" && mkdir -p "$WORK"
export DATABASE_URL="sqlite:$WORK/bench.db" LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=$APP_ADDR RUST_LOG=${RUST_LOG:-warn}
[ -n "${BENCH_SYNC:-}" ] && export LEERLIJN_SQLITE_SYNCHRONOUS=$BENCH_SYNC
"$BIN" seed-demo >/dev/null
"$BIN" serve > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "http://$APP_ADDR/health" >/dev/null && break; sleep 0.2; done

# 64 participants in the demo cohort (the demo participant's password), 4 sessions per
# connection used in turn: a participant's pages cost more as their entries grow, and
# real people post a few entries each, not thousands.
PEOPLE=${BENCH_PEOPLE:-64}
sqlite3 "$WORK/bench.db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $PEOPLE)
INSERT INTO users (email, name, role, cohort_id, password_hash, created_at, joined_on)
SELECT 'bench' || i || '@leerlijn.test', 'Bench ' || i, role, cohort_id, password_hash, created_at, joined_on
FROM n, users WHERE email = 'deelnemer@leerlijn.test';
SQL
: > "$WORK/cookies"
for i in $(seq 1 "$PEOPLE"); do
  curl -s -o /dev/null -D - -H "Origin: http://$APP_ADDR" --data-urlencode '_form=login' --data-urlencode "email=bench$i@leerlijn.test" \
    --data-urlencode 'password=leerlijn-demo-2026' "http://$APP_ADDR/inloggen" \
    | awk -F'[ ;]' 'tolower($1)=="set-cookie:" && $2 ~ /^leerlijn_sessie=/ {print $2}' >> "$WORK/cookies"
done
[ "$(wc -l < "$WORK/cookies")" -eq "$PEOPLE" ] || { echo "logins failed" >&2; exit 1; }
YESTERDAY=$(date -d yesterday +%F)

cat > "$WORK/submit.lua" <<LUA
-- One connection per thread: GET the form for a token, POST it, next participant.
local cookies, threads, n = {}, {}, 0
for line in io.lines("$WORK/cookies") do cookies[#cookies + 1] = line end
function setup(thread)
  n = n + 1
  thread:set("id", n)
  thread:set("first", n)
  thread:set("count", #cookies)
  thread:set("step", $CLIENTS)
  table.insert(threads, thread)
end
function init(args) token = nil; acks = 0; refused = 0; seq = 0; who = first end
function request()
  local cookie = cookies[who]
  if token == nil then
    return wrk.format("GET", "/uren/nieuw", { ["Cookie"] = cookie })
  end
  seq = seq + 1
  local body = "_form=log_hours&_token=" .. token .. "&worked_on=$YESTERDAY&hours=1&kind=leren&description=Bench+" .. id .. "-" .. seq
  return wrk.format("POST", "/uren/nieuw", {
    ["Cookie"] = cookie, ["Origin"] = "http://$APP_ADDR", ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end
function response(status, headers, body)
  if token == nil then
    token = string.match(body, 'name="_token" value="([^"]+)"')
  else
    if status == 303 then acks = acks + 1 else refused = refused + 1 end
    token = nil
    who = (who - 1 + step) % count + 1
  end
end
function done(summary, latency, requests)
  local total, bad = 0, 0
  for _, t in ipairs(threads) do total = total + t:get("acks"); bad = bad + t:get("refused") end
  local seconds = summary.duration / 1e6
  io.write(string.format("acknowledged submissions: %d in %.1f s = %.0f/s (refused %d); request p99 %.1f ms\n",
    total, seconds, total / seconds, bad, latency:percentile(99) / 1000))
end
LUA

echo "synchronous = ${BENCH_SYNC:-FULL}, write batch ${LEERLIJN_WRITE_BATCH:-64}, $CLIENTS clients, $DURATION"
wrk -t"$CLIENTS" -c"$CLIENTS" -d"$DURATION" --timeout 10s -s "$WORK/submit.lua" "http://$APP_ADDR" | grep -E "acknowledged|Socket errors" || true
STORED=$(sqlite3 "$WORK/bench.db" "SELECT COUNT(*) FROM hour_entries WHERE description LIKE 'Bench %'")
INTEGRITY=$(sqlite3 "$WORK/bench.db" "PRAGMA integrity_check")
echo "stored: $STORED entries; integrity: $INTEGRITY"
echo "peak RSS: $(awk '$1 == "VmHWM:" {print int($2 / 1024)}' "/proc/$SERVER/status") MiB"
