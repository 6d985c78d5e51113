# Helpers shared by the benchmark suites.
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNS=${WRK_CONNS:-64}
WRK_SECS=${WRK_SECS:-10}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_ready() {
  for _ in $(seq 1 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "not ready: $1" >&2; return 1
}

# measure URL [wrk args...]: prints "rps p99_ms"
measure() {
  local url=$1; shift
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d2s "$@" "$url" >/dev/null 2>&1 || true
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${WRK_SECS}s" --latency "$@" "$url" | python3 "$ROOT/bench/parse_wrk.py"
}

rps() { echo "$1" | awk '{printf "%.0f", $1}'; }
p99() { echo "$1" | awk '{printf "%.2f ms", $2}'; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1])/float(sys.argv[2])*100:.0f}%')" "$(echo "$1" | cut -d' ' -f1)" "$(echo "$2" | cut -d' ' -f1)"; }

# Put the machine in the same state before each measured run: dirty pages written, the page
# cache emptied (when allowed), and a moment of quiet. Runs that write gigabytes otherwise
# inherit each other's cache and writeback, and on the virtual machines we measure on that
# makes consecutive runs differ by a third.
settle() {
  sync
  if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi
  sleep 2
}

# Peak resident memory of process PID, MiB.
peak_rss() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# CPU time (user + system) process PID has used so far, seconds.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }

# The median of the lines on stdin by their first field.
median_line() { sort -g -k1,1 | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
