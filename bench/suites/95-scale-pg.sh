#!/usr/bin/env bash
# Issue 14: requests per second of the service page and of application submissions with one
# and with two `satupintu serve` processes on one PostgreSQL, beside a bare hyper server and a
# single process measured in the same run.
set -euo pipefail
source "$ROOT/bench/lib.sh"
SECS=${SUBMIT_SECS:-15}
CONC=${SUBMIT_CONCURRENCY:-16}
PG=${SATUPINTU_BENCH_PG:-postgres://postgres@127.0.0.1:5432/test}
DB=sp_bench_scale

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  kill "${PIDS[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  psql "$PG" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }
DB_URL="${PG%/*}/$DB"

# start N: a fresh database and N processes on it sharing one data directory (keys, uploads),
# as several machines share them through a volume or an S3 store. Sets URLS to their base URLs.
start() {
  kill "${PIDS[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  PIDS=()
  psql "$PG" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null
  psql "$PG" -qc "CREATE DATABASE $DB" >/dev/null
  rm -rf "$WORK/data"; mkdir -p "$WORK/data"
  local urls=() port
  for _ in $(seq 1 "$1"); do
    port=$(free_port)
    SATUPINTU_LOG=error "$SATUPINTU_BIN" serve --demo --data-dir "$WORK/data" --database-url "$DB_URL" \
      --listen "127.0.0.1:$port" >/dev/null &
    PIDS+=($!)
    wait_ready "http://127.0.0.1:$port/readyz"
    urls+=("http://127.0.0.1:$port")
  done
  URLS=$(IFS=,; echo "${urls[*]}")
}

# measure_all URLS PATH [wrk args...]: wrk against every process at once, the connections
# split between them; prints "total_rps worst_p99_ms".
measure_all() {
  local urls=$1 path=$2; shift 2
  local n i=0 waits=()
  IFS=, read -ra list <<< "$urls"
  n=${#list[@]}
  for u in "${list[@]}"; do
    WRK_CONNS=$((WRK_CONNS / n)) measure "$u$path" "$@" > "$WORK/wrk.$i" &
    waits+=($!)
    i=$((i + 1))
  done
  wait "${waits[@]}"
  cat "$WORK"/wrk.* | awk '{r += $1; if ($2 > p) p = $2} END {printf "%.1f %.3f\n", r, p}'
  rm -f "$WORK"/wrk.*
}

HELLO_PORT=$(free_port)
"$HELLO_BIN" "127.0.0.1:$HELLO_PORT" & PIDS+=($!)
wait_ready "http://127.0.0.1:$HELLO_PORT/"
hello=$(measure "http://127.0.0.1:$HELLO_PORT/")
kill "${PIDS[@]}"; wait 2>/dev/null || true; PIDS=()

declare -A page submit
for n in 1 2; do
  start "$n"
  page[$n]=$(measure_all "$URLS" /layanan/akta-kelahiran -H "Accept-Encoding: br")
  settle
  submit[$n]=$("$LOAD_BIN" submit "$URLS" "$SECS" "$CONC")
done

f() { echo "$1" | awk -v i="$2" '{print $i}'; }
echo "## One and two processes on one PostgreSQL (issue 14)"
echo
echo "PostgreSQL $(psql "$PG" -Atc 'SHOW server_version' | cut -d' ' -f1) on the same machine; each"
echo "configuration starts on a fresh database with the demo data. With two processes, wrk runs against"
echo "both at once with the $WRK_CONNS connections split between them, and the submission load"
echo "(\`sp-bench-load submit\`, $CONC citizens, ${SECS}s, a 200 KB upload and a submitted application each)"
echo "sends each citizen to one of them in turn. The processes share one data directory (keys and uploads),"
echo "as machines share a volume or an S3 store. Everything, the load generators included, runs on the"
echo "same $(nproc) cores, so a second process adds no hardware here: the figures show what the"
echo "coordination between processes (sessions, jobs, the ledger's sequencer seat, live events through"
echo "PostgreSQL) costs, not how far more machines would go."
echo
echo "| what | 1 process | 2 processes |"
echo "| --- | ---: | ---: |"
echo "| bare hyper \`GET /\` (baseline), requests/s | $(rps "$hello") | - |"
echo "| \`GET /layanan/akta-kelahiran\` (Brotli), requests/s | $(rps "${page[1]}") | $(rps "${page[2]}") |"
echo "| same, worst p99 | $(p99 "${page[1]}") | $(p99 "${page[2]}") |"
echo "| submissions/s (upload + submitted application) | $(f "${submit[1]}" 1) | $(f "${submit[2]}" 1) |"
echo "| submissions p99 | $(f "${submit[1]}" 3) ms | $(f "${submit[2]}" 3) ms |"
echo "| submission errors | $(f "${submit[1]}" 5) | $(f "${submit[2]}" 5) |"
echo
