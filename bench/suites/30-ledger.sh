#!/usr/bin/env bash
# The ledger crate: sequenced appends with durable batches and proof times at 10 million
# entries, beside raw SHA-256 throughput measured in the same run.
set -euo pipefail

cargo build --release --locked -p ledger --example ledger-bench 2>&1 | tail -1 >&2
# The 10M-entry tree (about 750 MB) is built on the first run and reused afterwards.
TREE="$ROOT/target/ledger-bench-tree"
table=$("$ROOT/target/release/examples/ledger-bench" --big-dir "$TREE" --big 10000000 --entries 200000 --appenders 1000)

echo "## Ledger: sequencing and proofs (crates/ledger)"
echo
echo "\`cargo run --release -p ledger --example ledger-bench\`: 200,000 entries of 200 bytes appended by"
echo "1,000 concurrent tasks to a FileStorage (each append acknowledged only after its batch is fsynced),"
echo "then proofs from a FileStorage tree of 10,000,000 entries (random indexes and old sizes)."
echo "Targets: 50,000 entries/s or more; proofs under 1 ms."
echo
echo "$table"
echo
