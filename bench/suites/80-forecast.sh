#!/usr/bin/env bash
# Issue 10: the daily demand-forecast refresh (`satupintu forecast run`) over 1,000,000
# applications and the hourly hotspot scan (`satupintu forecast hotspots`) over 1,000,000
# reports, each beside the bare SQL aggregate it starts from, run in the sqlite3 shell on the
# same database in the same run.
set -euo pipefail
source "$ROOT/bench/lib.sh"
COUNT=${FORECAST_ROWS:-1000000}
RUNS=${FORECAST_RUNS:-3}
export SATUPINTU_LOG=error

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$SATUPINTU_BIN" --data-dir "$WORK" import-catalog "$ROOT/crates/satupintu/demo/catalog.id.json" >/dev/null
DB="$WORK/satupintu.db"
NOW=$(date +%s)
# Reports over two years on a 10 km square; applications of ten services over three years.
sqlite3 "$DB" <<SQL
INSERT INTO users (id, role, full_name, password_hash, created_at) VALUES (424242, 'citizen', 'Bench', 'x', $NOW);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $COUNT)
INSERT INTO reports (code, category, description, lat, lon, privacy, status, agency_id, created_at, updated_at)
SELECT 'B' || i, CASE i % 3 WHEN 0 THEN 'jalan' WHEN 1 THEN 'sampah' ELSE 'drainase_banjir' END, 'x',
       -7.2 - (i % 997) * 0.0001, 112.7 + (i % 991) * 0.0001, 'public', 'received', 'dpupr',
       $NOW - (i % 730) * 86400 - (i % 86400), $NOW FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $COUNT)
INSERT INTO applications (code, service_id, service_version, agency_id, citizen_id, status, fields_json, submitted_at, created_at, updated_at)
SELECT 'A' || i, CASE i % 10 WHEN 0 THEN 'ktp-el-baru' WHEN 1 THEN 'ktp-el-ganti' WHEN 2 THEN 'kartu-keluarga'
       WHEN 3 THEN 'akta-kelahiran' WHEN 4 THEN 'akta-kematian' WHEN 5 THEN 'akta-perkawinan' WHEN 6 THEN 'pindah-datang'
       WHEN 7 THEN 'kia' WHEN 8 THEN 'sim-baru' ELSE 'paspor' END, 1, 'disdukcapil', 424242, 'submitted', '{}',
       $NOW - (i % 1095) * 86400 - (i % 86400), $NOW, $NOW FROM n;
SQL
settle

# Median wall time in milliseconds of RUNS runs of a command.
timed() {
  for _ in $(seq "$RUNS"); do
    local s e
    s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
  done | median_line
}
SINCE=$(( NOW - 70 * 86400 ))
base_apps=$(timed sqlite3 "$DB" "SELECT service_id, agency_id, (submitted_at + 25200) / 86400 AS day, COUNT(*) FROM applications WHERE submitted_at IS NOT NULL GROUP BY service_id, agency_id, day")
run=$(timed "$SATUPINTU_BIN" --data-dir "$WORK" forecast run)
base_reports=$(timed sqlite3 "$DB" "SELECT lat, lon, category, COALESCE(agency_id, suggested_agency), created_at FROM reports WHERE lat IS NOT NULL AND lon IS NOT NULL AND hidden = 0 AND created_at >= $SINCE")
scan=$(timed "$SATUPINTU_BIN" --data-dir "$WORK" forecast hotspots)
series=$("$SATUPINTU_BIN" --data-dir "$WORK" forecast run)
cells=$("$SATUPINTU_BIN" --data-dir "$WORK" forecast hotspots)

echo "## Demand forecasts and complaint hotspots over 1,000,000 rows each (issue 10)"
echo
echo "SQLite; $COUNT applications of ten services over three years and $COUNT reports over two years"
echo "on a 10 km square; median wall time of $RUNS runs of each command (a whole process: start,"
echo "migrations check, the read, the models, the write). Baselines: the same aggregate read alone in"
echo "the sqlite3 shell. Output: \`$series\`; \`$cells\`."
echo
echo "| step | median |"
echo "| --- | ---: |"
echo "| daily counts of the applications (sqlite3, baseline) | ${base_apps} ms |"
echo "| \`satupintu forecast run\` (counts + MSTL/AutoETS fits + held-out check + write) | ${run} ms |"
echo "| reports of the last 10 weeks (sqlite3, baseline) | ${base_reports} ms |"
echo "| \`satupintu forecast hotspots\` (read + H3 cells + Poisson test + write + alerts) | ${scan} ms |"
echo
