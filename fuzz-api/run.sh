#!/usr/bin/env bash
# API fuzzing gate: schemathesis against the JSON API of a fresh demo server, once signed out
# and once per role (citizen, officer, supervisor, agency_admin, auditor, super_admin).
#
# Usage: fuzz-api/run.sh            (from anywhere; uses target/debug/satupintu, does not build)
# Env:   SATUPINTU_BIN            server binary (default: <repo>/target/debug/satupintu)
#        FUZZ_MAX_EXAMPLES        fuzzing-phase test cases per operation (default 30)
#        FUZZ_SEED                hypothesis seed (default 20260101)
#        FUZZ_OUT                 logs and JUnit reports (default: fuzz-api/out, emptied first)
#        FUZZ_SKIP_INSTALL=1      do not pip install (schemathesis already on PATH)
#
# Checks: not_a_server_error, response_schema_conformance, status_code_conformance,
# content_type_conformance. Phases: examples, coverage, fuzzing (no stateful).
# Exits 1 when any run reports a failure, 2 when the gate itself cannot run.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BIN="${SATUPINTU_BIN:-$ROOT/target/debug/satupintu}"
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-30}"
SEED="${FUZZ_SEED:-20260101}"
OUT="${FUZZ_OUT:-$HERE/out}"
CHECKS="not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"
PHASES="examples,coverage,fuzzing"
ROLES=(citizen officer supervisor agency_admin auditor super_admin)
# Shared settings (duplicate query parameters in the coverage phase); the rest is below.
CFG="$HERE/schemathesis.toml"

[[ -x "$BIN" ]] || { echo "fuzz-api: no server binary at $BIN (build it first)" >&2; exit 2; }

if [[ "${FUZZ_SKIP_INSTALL:-0}" != 1 ]]; then
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r "$HERE/requirements.txt"
fi
command -v schemathesis >/dev/null || { echo "fuzz-api: schemathesis not on PATH" >&2; exit 2; }

rm -rf "$OUT"
mkdir -p "$OUT"
DATA="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$DATA"
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"
START=$SECONDS

SATUPINTU_LOG=warn "$BIN" serve --demo --data-dir "$DATA" --listen "127.0.0.1:$PORT" \
    >"$OUT/server.stdout" 2>"$OUT/server.stderr" &
SERVER_PID=$!

is_ready() {
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$BASE/readyz" \
        >/dev/null 2>&1
}
ready=0
for _ in $(seq 1 120); do
    if is_ready; then ready=1; break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "fuzz-api: server exited" >&2; cat "$OUT/server.stderr" >&2; exit 2; }
    sleep 0.5
done
[[ $ready -eq 1 ]] || { echo "fuzz-api: server not ready after 60 s" >&2; exit 2; }
# The demo accounts are printed once loading is done; wait for both TOTP lines.
for _ in $(seq 1 20); do
    [[ "$(grep -c 'TOTP secret' "$OUT/server.stdout" || true)" -ge 2 ]] && break
    sleep 0.5
done

# Sign in before any fuzzing: the fuzzer's own failed sign-ins soon trip the per-IP limit.
declare -A TOKEN=()
python3 "$HERE/tokens.py" "$BASE" "$OUT/server.stdout" >"$OUT/tokens" || exit 2
while read -r role token; do TOKEN[$role]="$token"; done <"$OUT/tokens"
rm -f "$OUT/tokens"
for role in "${ROLES[@]}"; do
    [[ -n "${TOKEN[$role]:-}" ]] || { echo "fuzz-api: no token for $role" >&2; exit 2; }
done

# One schemathesis run: $1 = label, rest = extra arguments. Runs inside
# $OUT/<label> so that schemathesis' and hypothesis' caches stay there.
declare -a SUMMARY=()
FAILED=0
st_run() {
    local label="$1"; shift
    local dir="$OUT/$label" rc=0 t0=$SECONDS
    mkdir -p "$dir"
    (cd "$dir" && schemathesis --config-file "$CFG" run "$BASE/api/v1/openapi.json" \
        --checks "$CHECKS" \
        --phases "$PHASES" \
        --max-examples "$MAX_EXAMPLES" \
        --seed "$SEED" \
        --generation-database none \
        --continue-on-failure \
        --workers 1 \
        --request-timeout 30 \
        --no-color \
        --report junit --report-junit-path "$dir/junit.xml" \
        "$@") >"$dir/schemathesis.log" 2>&1 || rc=$?
    local last
    last="$(grep -E '^=+ .* in [0-9.]+s =+$' "$dir/schemathesis.log" | tail -n1 | sed -E 's/^=+ (.*) =+$/\1/' || true)"
    [[ -n "$last" ]] || last="no summary (exit $rc), see $dir/schemathesis.log"
    [[ $rc -eq 0 ]] || FAILED=1
    SUMMARY+=("$(printf '%-20s %s  %s (%d s wall)' "$label" "$([[ $rc -eq 0 ]] && echo PASS || echo FAIL)" "$last" $((SECONDS - t0)))")
    echo "fuzz-api: $label: $last"
}

# Signed out: every operation, the secured ones must answer 401 as documented.
st_run anonymous

# Each role: every operation but logout, which would revoke the token mid-run. The catalogue
# writes (put_service, import_catalog) run with the full count for every role: generating their
# large bodies costs ~10 s a run, which the time budget allows.
for role in "${ROLES[@]}"; do
    auth=(-H "Authorization: Bearer ${TOKEN[$role]}")
    st_run "$role" "${auth[@]}" --exclude-operation-id logout
done

# Logout last, once per role (after its first call the token is revoked: 401, documented).
for role in "${ROLES[@]}"; do
    st_run "$role-logout" -H "Authorization: Bearer ${TOKEN[$role]}" --include-operation-id logout
done

# Distinct failures over all runs: "<operation>  <check>  [runs]".
distinct="$(
    for log in "$OUT"/*/schemathesis.log; do
        run="$(basename "$(dirname "$log")")"
        awk -v run="$run" '
            /^=+ FAILURES =+$/ { on = 1; next }
            /^=+ [A-Z]+ =+$/   { on = 0 }
            on && /^_+ [A-Z]+ \/.* _+$/ { op = $0; gsub(/^_+ | _+$/, "", op); next }
            on && /^- ST[0-9]+ / { chk = $0; sub(/^- /, "", chk); print op "\t" chk "\t" run }
        ' "$log"
    done | sort | awk -F'\t' '
        { key = $1 "  " $2; if (key != prev) { if (prev != "") print prev "  [" runs "]"; prev = key; runs = $3 } else runs = runs "," $3 }
        END { if (prev != "") print prev "  [" runs "]" }'
)"

echo
echo "fuzz-api summary: schemathesis $(schemathesis --version | awk '{print $NF}'), seed $SEED," \
    "$MAX_EXAMPLES fuzzing cases per operation, $((SECONDS - START)) s, logs in $OUT"
for line in "${SUMMARY[@]}"; do echo "  $line"; done
if [[ -n "$distinct" ]]; then
    echo "distinct failures (operation, check, runs):"
    while IFS= read -r line; do echo "  $line"; done <<<"$distinct"
fi
passed=0
for line in "${SUMMARY[@]}"; do [[ "$line" == *" PASS "* ]] && passed=$((passed + 1)); done
if [[ $FAILED -ne 0 ]]; then
    echo "fuzz-api: FAILED (details and curl reproductions in the FAILURES section of each log)"
fi
# Plain closing line (one per schemathesis run), for scripts/test and CI.
echo "fuzz: $passed passed, $((${#SUMMARY[@]} - passed)) failed"
exit "$FAILED"
