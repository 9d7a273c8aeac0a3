#!/usr/bin/env bash
# Two builds of the app side by side on one page of the large database (bench/scale.sh
# makes it): both serve at once, each on its own copy of the database, and wrk loads
# them in turn, ROUNDS times. Single runs on a shared 2-core machine move by ±20 %;
# alternating runs see the same noise, and the server's CPU time per view barely
# depends on it. Prints each run and the medians. Not a test: no thresholds.
# usage: bench/ab.sh BIN_A BIN_B PATH [EMAIL]   (BENCH_ROUNDS=6, BENCH_DURATION=4s)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { echo "usage: bench/ab.sh BIN_A BIN_B PATH [EMAIL]" >&2; exit 2; }
BIN_A=$1 BIN_B=$2 PAGE=$3 EMAIL=${4:-trainer@leerlijn.test}
ROUNDS=${BENCH_ROUNDS:-6} DURATION=${BENCH_DURATION:-4s}
CONNECTIONS=${BENCH_CONNECTIONS:-32} THREADS=${BENCH_THREADS:-2}
WORK=$PWD/target/bench-scale
[ -f "$WORK/bench.db" ] || { echo "no bench database: run bench/scale.sh first" >&2; exit 1; }
for tool in wrk sqlite3 curl; do command -v "$tool" >/dev/null || { echo "$tool missing" >&2; exit 1; }; done

# Each server locks its database file, so B gets a copy (WAL folded in first).
sqlite3 "$WORK/bench.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$WORK/bench.db" "$WORK/bench-b.db"
export LEPTOS_SITE_ROOT=target/site RUST_LOG=warn
DATABASE_URL="sqlite:$WORK/bench.db" LEPTOS_SITE_ADDR=127.0.0.1:3241 "$BIN_A" serve > "$WORK/server-a.log" 2>&1 &
PID_A=$!
DATABASE_URL="sqlite:$WORK/bench-b.db" LEPTOS_SITE_ADDR=127.0.0.1:3242 "$BIN_B" serve > "$WORK/server-b.log" 2>&1 &
PID_B=$!
trap 'kill $PID_A $PID_B 2>/dev/null || true; rm -f "$WORK"/bench-b.db*' EXIT
for port in 3241 3242; do
  for _ in $(seq 1 500); do curl -fs -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.02; done
done
APP_ADDR=127.0.0.1:3241; source bench/lib.sh; COOKIE_A=$(login "$EMAIL")
APP_ADDR=127.0.0.1:3242; COOKIE_B=$(login "$EMAIL")

# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))

# "label req/s p99-ms cpu-µs-per-view" of one warmed-up run.
one_run() {
  local label=$1 port=$2 cookie=$3 pid=$4 before after out views
  wrk -t"$THREADS" -c"$CONNECTIONS" -d1s -H "Accept-Encoding: gzip" -H "Cookie: $cookie" "http://127.0.0.1:$port$PAGE" >/dev/null
  before=$(cpu_ticks "$pid")
  out=$(wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Accept-Encoding: gzip" -H "Cookie: $cookie" "http://127.0.0.1:$port$PAGE")
  after=$(cpu_ticks "$pid")
  views=$(awk '/requests in/ {print $1}' <<<"$out")
  read -r rps p99 <<<"$(awk '/Requests\/sec/ {r=$2} $1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else {sub(/s/,"",v); v=v*1000}; p=v} END {print r, p}' <<<"$out")"
  echo "$label $rps $p99 $(( (after - before) * TICK_US / views ))"
}

RUNS=$(for _ in $(seq 1 "$ROUNDS"); do one_run A 3241 "$COOKIE_A" $PID_A; one_run B 3242 "$COOKIE_B" $PID_B; done)
echo "$RUNS"
echo "$PAGE, $ROUNDS runs of $DURATION each at $CONNECTIONS connections (medians):"
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
for label in A B; do
  column() { awk -v l="$label" -v c="$1" '$1 == l {print $c}' <<<"$RUNS" | median; }
  printf '%s: %.0f req/s, p99 %.1f ms, %.0f µs CPU per view\n' "$label" "$(column 2)" "$(column 3)" "$(column 4)"
done
