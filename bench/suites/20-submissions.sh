#!/usr/bin/env bash
# Issue 4: application submissions per second, each with one 200 KB upload, and their p99
# latency on the embedded SQLite, beside raw SQLite insert loops measured in the same run.
set -euo pipefail
source "$ROOT/bench/lib.sh"
SECS=${SUBMIT_SECS:-15}
CONC=${SUBMIT_CONCURRENCY:-16}
RUNS=${SUBMIT_RUNS:-3}

WORK=$(mktemp -d)
PIDS=()
# Data is removed only at the end: deleting thousands of files between runs slows the next
# run's file creation (ext4 without a journal skips recently freed inodes).
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

settle
mkdir -p "$WORK/raw"
raw=$("$LOAD_BIN" sqlite "$WORK/raw" "$SECS")
settle
raw_file=$("$LOAD_BIN" sqlite-file "$WORK/raw" "$SECS")

# One server per run, each on a fresh data directory with the demo data.
runs=""
for run in $(seq 1 "$RUNS"); do
  DATA="$WORK/data-$run"; mkdir -p "$DATA"
  PORT=$(free_port)
  SATUPINTU_LOG=error "$SATUPINTU_BIN" serve --demo --data-dir "$DATA" --listen "127.0.0.1:$PORT" >/dev/null &
  PID=$!; PIDS+=("$PID")
  wait_ready "http://127.0.0.1:$PORT/readyz"
  settle
  sub=$("$LOAD_BIN" submit "http://127.0.0.1:$PORT" "$SECS" "$CONC")
  rss=$(peak_rss "$PID")
  # What the background workers still owe 5 s after the load stops: they keep up if ~0.
  sleep 5
  owed=$(python3 - "$DATA/satupintu.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
q = lambda sql: db.execute(sql).fetchone()[0]
print(q("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL"), q("SELECT COUNT(*) FROM outbox"),
      q("SELECT COUNT(*) FROM ledger_queue"), q("SELECT COUNT(*) FROM ledger_entries"))
PY
)
  kill "$PID"; wait "$PID" 2>/dev/null || true
  runs+="$sub $rss $owed"$'\n'
done
sub=$(printf '%s' "$runs" | median_line)

f() { echo "$1" | awk -v i="$2" '{print $i}'; }
echo "## Application submissions with a 200 KB upload (issue 4)"
echo
echo "\`sp-bench-load\` (bench/load): $CONC citizens in parallel for ${SECS}s, each submission is"
echo "\`POST /api/v1/uploads\` (a distinct 200 KB PDF, hashed, written, fsynced with its folder, recorded) then"
echo "\`POST /api/v1/applications\` with \`submit: true\` (form checked, tracking code, due date,"
echo "history events, three notification outbox rows and a ledger leaf in one transaction). SQLite in WAL"
echo "mode, demo data, the outbox worker and the ledger sequencer running as in production. The load"
echo "generator runs on the same 2 cores. Target: 1,000 submissions/s on 2 cores. The raw loops are"
echo "single-row insert transactions with the same SQLite settings, the second also writing and"
echo "fsyncing a 200 KB file first. Before each run the page cache is dropped (\`bench/lib.sh\` \`settle\`);"
echo "the submission figure is the median of $RUNS runs, each on a fresh server and data directory."
echo
echo "| what | per second | p50 | p99 | count | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
row() { echo "| $1 | $(f "$2" 1) | $(f "$2" 2) ms | $(f "$2" 3) ms | $(f "$2" 4) | $(f "$2" 5) |"; }
row "raw SQLite insert loop (baseline)" "$raw"
row "raw loop: fsync a 200 KB file, then insert" "$raw_file"
row "SatuPintu submission, median of $RUNS runs (upload + submitted application)" "$sub"
echo
echo "Every run (submissions/s, p50 ms, p99 ms, count, errors, peak RSS MiB, outbox messages undelivered"
echo "5 s after the load, outbox messages queued, ledger leaves not yet sequenced, ledger entries):"
echo
printf '%s' "$runs" | sed 's/^/    /'
echo
