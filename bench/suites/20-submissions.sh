#!/usr/bin/env bash
# Issue 4: application submissions per second, each with one 200 KB upload, and their p99
# latency on the embedded SQLite, beside a raw SQLite insert loop measured in the same run.
set -euo pipefail
source "$ROOT/bench/lib.sh"
SECS=${SUBMIT_SECS:-15}
CONC=${SUBMIT_CONCURRENCY:-16}

DATA=$(mktemp -d); RAW=$(mktemp -d)
SP_PORT=$(free_port)
SATUPINTU_LOG=error SATUPINTU_OUTBOX_INTERVAL_MS=1000 "$SATUPINTU_BIN" serve --demo --data-dir "$DATA" \
  --listen "127.0.0.1:$SP_PORT" >/dev/null & SP_PID=$!
trap 'kill $SP_PID 2>/dev/null; rm -rf "$DATA" "$RAW"' EXIT
wait_ready "http://127.0.0.1:$SP_PORT/readyz"

raw=$("$LOAD_BIN" sqlite "$RAW" "$SECS")
raw_file=$("$LOAD_BIN" sqlite-file "$RAW" "$SECS")
sub=$("$LOAD_BIN" submit "http://127.0.0.1:$SP_PORT" "$SECS" "$CONC")
rss=$(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/$SP_PID/status)

f() { echo "$1" | awk -v i="$2" '{print $i}'; }
echo "## Application submissions with a 200 KB upload (issue 4)"
echo
echo "\`sp-bench-load\` (bench/load): $CONC citizens in parallel for ${SECS}s, each submission is"
echo "\`POST /api/v1/uploads\` (a distinct 200 KB PDF, hashed, fsynced, recorded) then"
echo "\`POST /api/v1/applications\` with \`submit: true\` (form checked, tracking code, due date,"
echo "history event and notification outbox rows in one transaction). SQLite in WAL mode, demo data."
echo "Target: 1,000 submissions/s on 2 cores. The raw loops are single-row insert transactions with"
echo "the same SQLite settings, the second also writing and fsyncing a 200 KB file first."
echo
echo "| what | per second | p50 | p99 | count | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
row() { echo "| $1 | $(f "$2" 1) | $(f "$2" 2) ms | $(f "$2" 3) ms | $(f "$2" 4) | $(f "$2" 5) |"; }
row "raw SQLite insert loop (baseline)" "$raw"
row "raw loop: fsync a 200 KB file, then insert" "$raw_file"
row "SatuPintu submission (upload + submitted application)" "$sub"
echo
echo "Server peak memory (VmHWM) during the run: $rss."
echo
