#!/usr/bin/env bash
# A flood of wrong logins from many addresses (as a botnet behind the reverse
# proxy would send them: each with its own X-Forwarded-For), 200 at a time,
# while a participant keeps opening her home page. Prints the server's peak
# memory and what the participant and the guessers got. Not a test: no thresholds.
set -euo pipefail
cd "$(dirname "$0")/.."

APP_ADDR=${BENCH_ADDR:-127.0.0.1:3210}
DURATION=${BENCH_DURATION:-20s}
FLOOD=${BENCH_FLOOD:-200}
WORK=$PWD/target/bench-flood
BIN=./target/release/leerlijn
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install -y wrk curl" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "build first: make build" >&2; exit 1; }

rm -rf "$WORK" && mkdir -p "$WORK"
export DATABASE_URL="sqlite:$WORK/bench.db" LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=$APP_ADDR RUST_LOG=warn
export LEERLIJN_TRUSTED_PROXIES=127.0.0.1
"$BIN" seed-demo >/dev/null
"$BIN" serve > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "http://$APP_ADDR/health" >/dev/null && break; sleep 0.2; done
rss() { awk -v k="$1" '$1 == k":" {print int($2 / 1024)}' "/proc/$SERVER/status"; }

COOKIE=$(curl -s -o /dev/null -D - -H "Origin: http://$APP_ADDR" -H "X-Forwarded-For: 192.0.2.1" --data-urlencode '_form=login' \
  --data-urlencode "email=deelnemer@leerlijn.test" --data-urlencode 'password=leerlijn-demo-2026' \
  "http://$APP_ADDR/inloggen" | awk -F'[ ;]' 'tolower($1)=="set-cookie:" && $2 ~ /^leerlijn_sessie=/ {print $2}')
[ -n "$COOKIE" ] || { echo "login failed" >&2; exit 1; }

cat > "$WORK/flood.lua" <<LUA
-- Each guess: another account, from another address.
local n = 0
request = function()
  n = n + 1
  local address = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  local body = "_form=login&email=gok" .. n .. "%40voorbeeld.nl&password=verkeerd+wachtwoord+" .. n
  return wrk.format("POST", "/inloggen", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = "http://$APP_ADDR",
    ["X-Forwarded-For"] = address,
  }, body)
end
LUA

echo "idle RSS: $(rss VmRSS) MiB"
home_alone=$(wrk --latency -t1 -c4 -d5s -H "Cookie: $COOKIE" "http://$APP_ADDR/" | awk '/Requests\/sec/ {r=$2} $1=="99%" {p=$2} END {print r " req/s, p99 " p}')
echo "participant home, no flood:   $home_alone"
wrk -t2 -c"$FLOOD" -d"$DURATION" --timeout 30s -s "$WORK/flood.lua" "http://$APP_ADDR/inloggen" > "$WORK/flood.txt" &
FLOODER=$!
sleep 2
home_flood=$(wrk --latency -t1 -c4 -d10s --timeout 10s -H "Cookie: $COOKIE" "http://$APP_ADDR/" | awk '/Requests\/sec/ {r=$2} $1=="99%" {p=$2} END {print r " req/s, p99 " p}')
echo "participant home, in a flood of $FLOOD concurrent wrong logins: $home_flood"
wait "$FLOODER"
echo "flood: $(awk '/Requests\/sec/ {print $2 " logins/s"}' "$WORK/flood.txt")"
grep -E "requests in|Non-2xx|Socket errors" "$WORK/flood.txt" | sed 's/^ */  /' || true
echo "  (a wrong password answers 422; 'busy, retry' 503 after 10 s in the queue: $(grep -c 'queue full' "$WORK/server.log" || true))"
echo "server peak RSS: $(rss VmHWM) MiB"
