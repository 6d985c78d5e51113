#!/usr/bin/env bash
# IoT ingestion: sustained readings per second from many simulated devices through Mosquitto into
# SatuPintu's storage (SQLite), beside the broker alone (publish -> subscribe, no storage) and a raw
# SQLite insert loop of the same rows, all measured in the same run; and the alert latency
# (a threshold-crossing reading published -> its alert/work order in the database) under that load.
set -euo pipefail
source "$ROOT/bench/lib.sh"
IOT_BIN=${IOT_BIN:-$(dirname "$LOAD_BIN")/sp-bench-iot}
SECS=${IOT_SECS:-20}
DEVICES=${IOT_DEVICES:-200}
BATCH=${IOT_BATCH:-50}
ALERTS=${IOT_ALERT_SENSORS:-200}
RATES=${IOT_RATES:-"50000 60000 0"}

WORK=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

echo "## IoT ingestion: readings through MQTT into storage, and alert latency"
echo

# The broker: a private Mosquitto with the settings docs/deploy.md recommends for ingestion (more
# QoS 1 messages in flight per subscriber than the default 20, a deeper queue than the default
# 1,000 messages), unless IOT_BROKER names one.
if [ -z "${IOT_BROKER:-}" ] && command -v mosquitto >/dev/null 2>&1; then
  BPORT=$(free_port)
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_inflight_messages 1000\nmax_queued_messages 100000\nuser root\n' \
    "$BPORT" > "$WORK/mosquitto.conf"
  mosquitto -c "$WORK/mosquitto.conf" >/dev/null 2>&1 &
  PIDS+=("$!")
  sleep 1
  BROKER="mqtt://127.0.0.1:$BPORT"
  BROKER_NOTE="a private Mosquitto $( (mosquitto -h 2>/dev/null || true) | head -1 | awk '{print $3}') with max_inflight_messages 1000 and max_queued_messages 100000 (see docs/deploy.md)"
else
  BROKER=${IOT_BROKER:-mqtt://127.0.0.1:1883}
  BROKER_NOTE="the broker at $BROKER"
fi
if ! python3 -c 'import socket,sys; h,p=sys.argv[1].split("//")[1].split(":"); socket.create_connection((h,int(p)),2)' "$BROKER" 2>/dev/null; then
  echo "No MQTT broker answered at $BROKER: not measured."
  echo
  exit 0
fi

# A migrated database with DEVICES devices of 5 sensors each, and one device whose ALERTS sensors
# each have an "above 100" rule.
DATA="$WORK/data"; mkdir -p "$DATA"
"$SATUPINTU_BIN" migrate --data-dir "$DATA" >/dev/null
python3 - "$DATA/satupintu.db" "$DEVICES" "$ALERTS" <<'PY'
import hashlib, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1]); devices = int(sys.argv[2]); alerts = int(sys.argv[3]); now = int(time.time())
db.execute("INSERT INTO iot_things (id, name, kind, lat, lon, agency_id, public, created_at) VALUES ('bench-thing', 'Bench', 'river', -7.3, 112.7, 'dpupr', 0, ?)", (now,))
def device(i):
    db.execute("INSERT INTO iot_devices (id, thing_id, name, token_hash, created_at) VALUES (?, 'bench-thing', ?, ?, ?)", (i, i, hashlib.sha256(i.encode()).hexdigest(), now))
def sensor(i, d):
    db.execute("INSERT INTO iot_sensors (id, device_id, thing_id, name, kind, unit, created_at) VALUES (?, ?, 'bench-thing', ?, 'water_level', 'cm', ?)", (i, d, i, now))
for d in range(devices):
    device(f"bench-dev-{d}")
    for s in range(5):
        sensor(f"bench-dev-{d}-s{s}", f"bench-dev-{d}")
device("bench-alert-dev")
for k in range(alerts):
    sensor(f"bench-alert-{k}", "bench-alert-dev")
    db.execute("INSERT INTO iot_rules (name, sensor_id, rule, threshold, clear_at, severity, created_at) VALUES (?, ?, 'above', 100, 90, 'warning', ?)", (f"bench {k}", f"bench-alert-{k}", now))
db.commit()
PY

# --- Baselines ------------------------------------------------------------------------------------
settle
raw=$("$IOT_BIN" sqlite "$WORK" "$SECS")
settle
alone=$("$IOT_BIN" broker "$BROKER" "$DEVICES" "$SECS" "$BATCH" 60000)

# --- SatuPintu: the subscriber, the batch writer, the rules -----------------------------------------
settle
PORT=$(free_port)
SATUPINTU_LOG=error SATUPINTU_MQTT_URL="$BROKER" SATUPINTU_MQTT_CLIENT_ID=bench-satupintu \
  "$SATUPINTU_BIN" serve --data-dir "$DATA" --listen "127.0.0.1:$PORT" >/dev/null &
PID=$!; PIDS+=("$PID")
wait_ready "http://127.0.0.1:$PORT/readyz"
sleep 1
sps=""
for rate in $RATES; do
  before=$(cpu_seconds "$PID")
  out=$("$IOT_BIN" publish "$BROKER" "$DATA/satupintu.db" "$DEVICES" "$SECS" "$BATCH" "$ALERTS" "$rate")
  sleep 1 # the last batches' acknowledgements
  cpu=$(python3 -c 'import sys; print(f"{(float(sys.argv[2]) - float(sys.argv[1])) / max(1, int(sys.argv[3])) * 1e6:.1f}")' \
    "$before" "$(cpu_seconds "$PID")" "$(echo "$out" | awk '{print $3}')")
  sps+="$rate $out $cpu"$'\n'
done
rss=$(peak_rss "$PID")
kill "$PID"; wait "$PID" 2>/dev/null || true

f() { echo "$1" | awk -v i="$2" '{print $i}'; }
echo "\`sp-bench-iot\` (bench/load): $DEVICES simulated devices (5 sensors each) publish to"
echo "\`satupintu/v1/devices/<id>/readings\` at QoS 1 over 4 connections, $BATCH readings per message (a JSON"
echo "array with an RFC 3339 \`ts\` each), paced to a total offered rate (or as fast as the broker takes them), for ${SECS}s. SatuPintu subscribes"
echo "at QoS 1 and acknowledges each message only after its batch is committed; readings are checked against the"
echo "device's sensors, stored raw, added to their hourly aggregates, move the sensors' latest values, and pass the"
echo "rules, in one SQLite transaction per batch (up to 5,000 readings). The figure is the readings stored divided"
echo "by the time from the first publish to the last stored reading. Baselines in the same run: the same"
echo "publishers with one bare subscriber that only counts (Mosquitto alone), and a loop inserting the same rows"
echo "into a bare SQLite table, 2,000 per transaction. Target: 50,000 readings/s on 2 cores. Broker: $BROKER_NOTE."
echo "A broker drops what exceeds a subscriber's queue, so when more is offered than is taken, sent exceeds stored:"
echo "the unpaced row shows that flood, not a sustainable rate."
echo
echo "**Alert latency** under each load: every 250 ms one reading of 150 is published for the next of $ALERTS sensors"
echo "that each have an \`above 100\` rule (and no alert yet); the time is until its alert (the work order) is in"
echo "\`iot_alerts\`, polled every 5 ms (\"missed\": no alert within 5 s). Target: p99 under 1 s."
echo
echo "**Server CPU per reading**: the CPU time (user and system, all threads) the server used while a row's load ran,"
echo "divided by the readings stored; steadier across runs than the rates on a shared machine."
echo
echo "| what | readings/s | sent | arrived/stored | seconds | alerts timed | missed | alert p50 | alert p99 | server CPU per reading |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
echo "| raw SQLite insert loop (baseline) | $(f "$raw" 1) | - | $(f "$raw" 2) | $(f "$raw" 3) | | | | | |"
echo "| Mosquitto alone, publish -> subscribe, 60,000 readings/s offered (baseline) | $(f "$alone" 1) | $(f "$alone" 2) | $(f "$alone" 3) | $(f "$alone" 4) | | | | | |"
while read -r rate out; do
  [ -n "$rate" ] || continue
  if [ "$rate" = 0 ]; then what="as fast as the broker takes them"; else what="$(printf "%'d" "$rate") readings/s offered"; fi
  echo "| SatuPintu: MQTT -> storage, $what | $(f "$out" 1) | $(f "$out" 2) | $(f "$out" 3) | $(f "$out" 4) | $(f "$out" 7) | $(f "$out" 8) | $(f "$out" 5) ms | $(f "$out" 6) ms | $(f "$out" 9) µs |"
done <<< "$sps"
echo
echo "Peak RSS of the server: ${rss} MiB."
echo
