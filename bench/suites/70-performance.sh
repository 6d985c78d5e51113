#!/usr/bin/env bash
# Issue 10: the performance dashboards over 1,000,000 applications (with their workflow events)
# and 1,000,000 reports: the rollup's time (`satupintu perf rebuild`), then the latency of
# GET /api/v1/performance and of the /kinerja page (wrk, p50 and p99) beside a bare hyper server
# measured in the same run.
set -euo pipefail
source "$ROOT/bench/lib.sh"
APPS=${PERF_APPS:-1000000}
REPORTS=${PERF_REPORTS:-1000000}
CONNS=${PERF_CONNS:-"1 8"}
SECS=${PERF_SECS:-10}

WORK=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
DATA="$WORK/data"; mkdir -p "$DATA"

# Migrations, the demo catalogue, agencies and accounts (the applicants and officers).
PORT=$(free_port)
SATUPINTU_LOG=error "$SATUPINTU_BIN" serve --demo --data-dir "$DATA" --listen "127.0.0.1:$PORT" >/dev/null &
PID=$!; PIDS+=("$PID")
wait_ready "http://127.0.0.1:$PORT/readyz"
sleep 8   # the first run of the rollup job
kill "$PID"; wait "$PID" 2>/dev/null || true

seed_start=$(date +%s.%N)
counts=$(python3 "$ROOT/bench/performance/seed.py" "$DATA/satupintu.db" "$APPS" "$REPORTS")
seed_secs=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.0f}')" "$seed_start" "$(date +%s.%N)")
db_mib=$(du -sm "$DATA/satupintu.db" | cut -f1)

settle
rebuild=$(SATUPINTU_LOG=error "$SATUPINTU_BIN" perf rebuild --data-dir "$DATA")
rollup_rows=$(python3 - "$DATA/satupintu.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(" ".join(str(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in ["perf_apps", "perf_hist", "perf_reports", "perf_officers"]))
PY
)

HELLO_PORT=$(free_port)
"$HELLO_BIN" "127.0.0.1:$HELLO_PORT" & PIDS+=("$!")
wait_ready "http://127.0.0.1:$HELLO_PORT/"
PORT=$(free_port)
SATUPINTU_LOG=error "$SATUPINTU_BIN" serve --data-dir "$DATA" --listen "127.0.0.1:$PORT" >/dev/null &
PID=$!; PIDS+=("$PID")
wait_ready "http://127.0.0.1:$PORT/readyz"
sleep 8   # let the rollup job's first run (nothing to do after the rebuild) pass
settle
SP="http://127.0.0.1:$PORT"
FROM=$(python3 -c "import time; t=time.gmtime(time.time()+7*3600); y,m=t.tm_year,t.tm_mon-11; y,m=(y-1,m+12) if m<1 else (y,m); print(f'{y:04}-{m:02}')")
SERVICE=$(python3 - "$DATA/satupintu.db" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT service_id FROM applications GROUP BY service_id ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0])
PY
)
# wrk with --latency: "requests/s p50_ms p99_ms"
lat() {
  local c=$1 url=$2
  wrk -t1 -c"$c" -d2s "$url" >/dev/null 2>&1 || true
  wrk -t1 -c"$c" -d"${SECS}s" --latency "$url" | python3 -c '
import re, sys
t = sys.stdin.read()
def ms(p):
    m = re.search(r"^\s+" + p + r"%\s+([\d.]+)(us|ms|s)\s*$", t, re.M)
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
e = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", t)
if e: sys.exit(e.group(1) + " requests failed:\n" + t)
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
print("%.0f %.2f %.2f" % (rps, ms("50"), ms("99")))'
}
declare -A ENDPOINTS=(
  [1]="bare hyper \`GET /\` (baseline)|http://127.0.0.1:$HELLO_PORT/"
  [2]="\`GET /api/v1/performance\` (all agencies, last 12 months)|$SP/api/v1/performance"
  [3]="\`GET /api/v1/performance?agency=disdukcapil&from=$FROM\`|$SP/api/v1/performance?agency=disdukcapil&from=$FROM"
  [4]="\`GET /api/v1/performance?service=$SERVICE&region=3578\`|$SP/api/v1/performance?service=$SERVICE&region=3578"
  [5]="\`GET /kinerja\` (HTML page, charts and tables)|$SP/kinerja"
)
rows=""
for c in $CONNS; do
  for k in 1 2 3 4 5; do
    IFS='|' read -r name url <<< "${ENDPOINTS[$k]}"
    r=$(lat "$c" "$url")
    rows+="| $name | $c | $(echo "$r" | awk '{print $1}') | $(echo "$r" | awk '{print $2}') ms | $(echo "$r" | awk '{print $3}') ms |"$'\n'
  done
done
rss=$(peak_rss "$PID")
kill "$PID"; wait "$PID" 2>/dev/null || true

set -- $counts
echo "## Performance dashboards over $(printf "%'d" "$APPS") applications and $(printf "%'d" "$REPORTS") reports (issue 10)"
echo
echo "\`bench/performance/seed.py\` wrote $(printf "%'d" "$1") applications with $(printf "%'d" "$2") workflow events and"
echo "$(printf "%'d" "$3") reports with $(printf "%'d" "$4") events (and ratings) over the last two years into a demo"
echo "database by direct bulk insert (${seed_secs}s; database ${db_mib} MiB; SQLite, WAL). Then"
echo "\`satupintu perf rebuild\` aggregated every month into the rollups (migration 0023: by month, agency,"
echo "service and kabupaten/kota, each fact also under \"all services\" and \"all regions\"; durations as"
echo "histograms): **$rebuild** ($(echo "$rollup_rows" | awk '{print $1}') application rows, $(echo "$rollup_rows" | awk '{print $2}') histogram rows,"
echo "$(echo "$rollup_rows" | awk '{print $3}') report rows, $(echo "$rollup_rows" | awk '{print $4}') officer rows). The background job afterwards re-aggregates"
echo "only the months touched since its watermark (every minute)."
echo
echo "The dashboards read only the rollups. wrk, one thread, closed loop with 1 and 8 connections, ${SECS}s"
echo "per endpoint after a 2 s warm-up, the server and wrk sharing the machine's cores; the baseline is the"
echo "bare hyper server in the same run. Target: p99 under 200 ms."
echo
echo "| endpoint | connections | requests/s | p50 | p99 |"
echo "| --- | ---: | ---: | ---: | ---: |"
printf '%s' "$rows"
echo
echo "Peak RSS of the server during the measurements: ${rss} MiB."
echo
