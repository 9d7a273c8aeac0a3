#!/usr/bin/env bash
# Certificate PDFs on the release build: time per certificate (first one parses the
# fonts once per process), median and p99 over a batch, sizes, and the batch total.
# Goals from the certificate issue: under 5 ms and 40 KB each. Not a test: no thresholds.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=./target/release/leerlijn
[ -x "$BIN" ] || { echo "build first: make build" >&2; exit 1; }
for count in 1 200; do
  echo "== $count certificate(s)"
  "$BIN" bench-certificates --count "$count"
done
