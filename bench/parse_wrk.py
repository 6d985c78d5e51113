"""Read wrk --latency output on stdin; print 'requests_per_second p99_milliseconds'."""
import re
import sys

text = sys.stdin.read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
if not rps or not p99:
    sys.exit("could not parse wrk output:\n" + text)
if errors:
    sys.exit(f"{errors.group(1)} requests failed:\n" + text)
scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
print(f"{float(rps.group(1)):.1f} {float(p99.group(1)) * scale:.3f}")
