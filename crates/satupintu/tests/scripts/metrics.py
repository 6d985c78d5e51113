"""Parse SatuPintu's /metrics with the Prometheus project's own Python parser and print every
sample as JSON: [{"family", "type", "name", "labels", "value"}].

    python3 metrics.py < metrics.txt              # text format 0.0.4 (prometheus_client.parser)
    python3 metrics.py openmetrics < metrics.txt  # OpenMetrics 1.0 (prometheus_client.openmetrics.parser)

A parse error exits non-zero with the parser's message. Needs prometheus-client
(pip install -r scripts/requirements-test.txt).
"""

import json
import sys

if len(sys.argv) > 1 and sys.argv[1] == "openmetrics":
    from prometheus_client.openmetrics.parser import text_string_to_metric_families
else:
    from prometheus_client.parser import text_string_to_metric_families

out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        out.append({"family": family.name, "type": family.type, "name": s.name, "labels": s.labels, "value": s.value})
print(json.dumps(out))
