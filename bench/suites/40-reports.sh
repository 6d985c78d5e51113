#!/usr/bin/env bash
# Reports: submissions per second (POST /api/v1/reports as signed-in citizens) beside a raw
# SQLite insert loop, and the public map query (GET /api/v1/reports?bbox=…&category=…&status=…)
# over 1,000,000 stored reports beside a bare hyper server, all measured in the same run.
set -euo pipefail
source "$ROOT/bench/lib.sh"
SECS=${REPORT_SECS:-15}
CONC=${REPORT_CONCURRENCY:-16}
RUNS=${REPORT_RUNS:-3}
COUNT=${MAP_REPORTS:-1000000}
MAP_SECS=${MAP_SECS:-15}
MAP_LEVELS=${MAP_CONCURRENCY:-"1 4 16"}

WORK=$(mktemp -d)
PIDS=()
# Data is removed only at the end (see 20-submissions.sh: big deletes slow the next run's writes).
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

start_server() { # DATA [--demo]: starts SatuPintu, sets PORT and PID
  PORT=$(free_port)
  SATUPINTU_LOG=error "$SATUPINTU_BIN" serve ${2:-} --data-dir "$1" --listen "127.0.0.1:$PORT" >/dev/null &
  PID=$!; PIDS+=("$PID")
  wait_ready "http://127.0.0.1:$PORT/readyz"
}
stop_server() { kill "$PID"; wait "$PID" 2>/dev/null || true; }
owed() { # what the background workers still owe: undelivered outbox, outbox, ledger queue, ledger entries
  python3 - "$1/satupintu.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
q = lambda sql: db.execute(sql).fetchone()[0]
print(q("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL"), q("SELECT COUNT(*) FROM outbox"),
      q("SELECT COUNT(*) FROM ledger_queue"), q("SELECT COUNT(*) FROM ledger_entries"))
PY
}

# --- Submissions -------------------------------------------------------------------------------
settle
mkdir -p "$WORK/raw"
raw=$("$LOAD_BIN" sqlite "$WORK/raw" "$SECS")

runs=""
for run in $(seq 1 "$RUNS"); do
  DATA="$WORK/data-$run"; mkdir -p "$DATA"
  start_server "$DATA" --demo
  settle
  sub=$("$LOAD_BIN" report "http://127.0.0.1:$PORT" "$SECS" "$CONC")
  rss=$(peak_rss "$PID")
  sleep 5
  left=$(owed "$DATA")
  stop_server
  runs+="$sub $rss $left"$'\n'
done
sub=$(printf '%s' "$runs" | median_line)

# --- The map query over COUNT reports ----------------------------------------------------------
MAP="$WORK/map"; mkdir -p "$MAP"
start_server "$MAP" --demo   # migrations and the demo citizens, who become the reporters
stop_server
seed_start=$(date +%s.%N)
"$LOAD_BIN" seed-reports "$MAP/satupintu.db" "$COUNT" 2>/dev/null
seed_secs=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.0f}')" "$seed_start" "$(date +%s.%N)")
db_mib=$(du -sm "$MAP/satupintu.db" | cut -f1)

HELLO_PORT=$(free_port)
"$HELLO_BIN" "127.0.0.1:$HELLO_PORT" & HELLO_PID=$!; PIDS+=("$HELLO_PID")
wait_ready "http://127.0.0.1:$HELLO_PORT/"
settle
start_server "$MAP"
SP="http://127.0.0.1:$PORT"
maps=""
for c in $MAP_LEVELS; do
  hello=$("$LOAD_BIN" map "http://127.0.0.1:$HELLO_PORT" "$MAP_SECS" "$c")
  mapq=$("$LOAD_BIN" map "$SP" "$MAP_SECS" "$c")
  maps+="$c|$hello|$mapq"$'\n'
done
map_rss=$(peak_rss "$PID")
# Submissions into the big table, for comparison with the fresh one above.
big=$("$LOAD_BIN" report "$SP" "$SECS" "$CONC")
big_rss=$(peak_rss "$PID")
stop_server

f() { echo "$1" | awk -v i="$2" '{print $i}'; }
echo "## Reports: submissions, and the map query over $(printf "%'d" "$COUNT") reports"
echo
echo "**Submissions.** \`sp-bench-load report\` (bench/load): $CONC citizens in parallel for ${SECS}s, each"
echo "sending \`POST /api/v1/reports\` with a bearer token and JSON \`{category, description, lat, lon, privacy}\`"
echo "(a point around an Indonesian city, mixed categories and privacy levels; checked, classified, given a"
echo "tracking code and a dispatch deadline, written with its history event, the reporter's notification"
echo "outbox row and a ledger leaf in one transaction, then read back as the answer). SQLite in WAL mode,"
echo "demo data, the outbox worker and the ledger sequencer running as in production. The raw baseline is"
echo "a loop of single-row insert transactions with the same SQLite settings. The page cache is dropped"
echo "before each run; the submission figure is the median of $RUNS runs, each on a fresh server and data"
echo "directory. Target: 1,000 submissions/s on 2 cores."
echo
echo "| what | per second | p50 | p99 | count | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
row() { echo "| $1 | $(f "$2" 1) | $(f "$2" 2) ms | $(f "$2" 3) ms | $(f "$2" 4) | $(f "$2" 5) |"; }
row "raw SQLite insert loop (baseline)" "$raw"
row "SatuPintu report submission, median of $RUNS runs" "$sub"
row "SatuPintu report submission into the $(printf "%'d" "$COUNT")-report database below (one run)" "$big"
echo
echo "Every run (submissions/s, p50 ms, p99 ms, count, errors, peak RSS MiB, outbox messages undelivered"
echo "5 s after the load, outbox messages queued, ledger leaves not yet sequenced, ledger entries):"
echo
printf '%s' "$runs" | sed 's/^/    /'
echo
echo "**Map query.** \`sp-bench-load seed-reports\` wrote $(printf "%'d" "$COUNT") reports into the real \`reports\` table"
echo "(${seed_secs}s; database ${db_mib} MiB) in clusters around 35 cities, over three years, 8 statuses, 10"
echo "categories, 10% confidential and 0.5% hidden. \`sp-bench-load map\` then asks"
echo "\`GET /api/v1/reports?bbox=…\` (the default limit of 200, newest first) for a box 5 to 40 km a side"
echo "near a random city, a quarter of the requests with no filter, a quarter with \`category\`, a quarter"
echo "with \`status\`, a quarter with both; closed loop, for ${MAP_SECS}s after a 1 s warm-up,"
levels=$(echo $MAP_LEVELS | awk '{for (i = 1; i <= NF; i++) s = s (i == 1 ? "" : (i == NF ? " and " : ", ")) $i; print s}')
echo "with $levels clients at a time. The baseline is the same client with the same URLs against the"
echo "bare hyper server. Target: p99 under 50 ms on 2 cores."
echo
echo "| what | clients | requests/s | p50 | p99 | errors | reports per answer |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
mrow() { echo "| $1 | $2 | $(f "$3" 1) | $(f "$3" 2) ms | $(f "$3" 3) ms | $(f "$3" 5) | $(f "$3" 6) |"; }
while IFS='|' read -r c hello mapq; do
  [ -n "$c" ] || continue
  mrow "bare hyper (baseline)" "$c" "$hello"
  mrow "SatuPintu map query" "$c" "$mapq"
done <<< "$maps"
echo
echo "The box is read through a grid of 0.1-degree cells (migration 0013, \`reports::store::public_list\`): at most"
echo "\`limit\` newest matches per cell from an index by cell (and category or status) and time, merged. With"
echo "many clients at once both cores are busy (the server and the load generator), so the p50 and p99"
echo "there are mostly time spent waiting in line; the one-client row is the query's own latency."
echo
echo "Peak RSS of the server: ${map_rss} MiB after the map queries, ${big_rss} MiB after the submissions into"
echo "the big database; the fresh-database submission runs are listed above."
echo
