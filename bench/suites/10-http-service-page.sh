#!/usr/bin/env bash
# Issue 2: requests per second and p99 of GET /api/v1/services/{id} and of the HTML service
# page, beside a bare hyper "hello" server measured in the same run.
set -euo pipefail
source "$ROOT/bench/lib.sh"

DATA=$(mktemp -d)
HELLO_PORT=$(free_port); SP_PORT=$(free_port)
"$HELLO_BIN" "127.0.0.1:$HELLO_PORT" & HELLO_PID=$!
SATUPINTU_LOG=error "$SATUPINTU_BIN" serve --demo --data-dir "$DATA" --listen "127.0.0.1:$SP_PORT" >/dev/null & SP_PID=$!
trap 'kill $HELLO_PID $SP_PID 2>/dev/null; rm -rf "$DATA"' EXIT
wait_ready "http://127.0.0.1:$SP_PORT/readyz"
wait_ready "http://127.0.0.1:$HELLO_PORT/"

hello=$(measure "http://127.0.0.1:$HELLO_PORT/")
api=$(measure "http://127.0.0.1:$SP_PORT/api/v1/services/akta-kelahiran")
page=$(measure "http://127.0.0.1:$SP_PORT/layanan/akta-kelahiran" -H "Accept-Encoding: br")
page_plain=$(measure "http://127.0.0.1:$SP_PORT/layanan/akta-kelahiran")

echo "## Service page and service API against a bare hyper server (issue 2)"
echo
echo "wrk, $WRK_THREADS threads, $WRK_CONNS connections, ${WRK_SECS}s per endpoint after a warm-up; SQLite demo data."
echo "Target: the HTML service page at 30% or more of the bare server's rate."
echo
echo "| endpoint | requests/s | p99 latency | share of bare hyper |"
echo "| --- | ---: | ---: | ---: |"
row() { echo "| $1 | $(rps "$2") | $(p99 "$2") | $(ratio "$2" "$hello") |"; }
row "bare hyper \`GET /\` (baseline)" "$hello"
row "\`GET /api/v1/services/akta-kelahiran\` (JSON)" "$api"
row "\`GET /layanan/akta-kelahiran\` (HTML, Brotli)" "$page"
row "\`GET /layanan/akta-kelahiran\` (HTML, uncompressed)" "$page_plain"
echo
