#!/usr/bin/env bash
# The virtual assistant: how well it classifies citizens' chat messages (intent, service, complaint
# category, out-of-scope) and how fast, beside a scikit-learn baseline (TF-IDF character n-grams and
# a logistic regression) trained on the same training file and measured on the same held-out test
# file in the same run, both pinned to one core.
set -euo pipefail
source "$ROOT/bench/lib.sh"
cd "$ROOT"

DATA=crates/satupintu/data/assistant
TRAIN=$DATA/train.jsonl
TEST=$DATA/test.jsonl
CORE=${ASSISTANT_CORE:-0}
BIN_SHOWN=${SATUPINTU_BIN#"$ROOT"/}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fail() { echo "50-assistant: $*" >&2; exit 1; }

# The labelled files must be sound before anything is measured on them.
python3 bench/assistant/check_data.py "$TRAIN" "$TEST" > "$WORK/check.txt" \
  || { cat "$WORK/check.txt" >&2; fail "the labelled questions failed bench/assistant/check_data.py"; }

# --- SatuPintu -----------------------------------------------------------------------------------
SP_CMD=(taskset -c "$CORE" "$SATUPINTU_BIN" assistant eval "$TEST" --json)
set +e
"${SP_CMD[@]}" > "$WORK/satupintu.json" 2> "$WORK/satupintu.err"
rc=$?
set -e
if [ $rc -ne 0 ]; then
  echo "50-assistant: \`$BIN_SHOWN assistant eval $TEST --json\` failed with exit status $rc; its error output:" >&2
  tail -n 20 "$WORK/satupintu.err" >&2
  exit 1
fi
python3 - "$WORK/satupintu.json" <<'PY' || fail "\`satupintu assistant eval --json\` did not print one JSON object with the expected figures"
import json, sys
text = open(sys.argv[1]).read()
try:
    r = json.loads(text)
except ValueError as e:
    sys.exit(f"not JSON ({e}): {text[:300]!r}")
need = ["accuracy", "intent_accuracy", "service_accuracy", "category_accuracy", "oos_precision",
        "oos_recall", "p50_ms", "p99_ms"]
missing = [k for k in need if k not in r]
if missing:
    sys.exit(f"missing {missing}")
PY

# --- Baseline ------------------------------------------------------------------------------------
if ! python3 -c 'import sklearn' 2>/dev/null; then
  pin=$(grep -i '^scikit-learn==' scripts/requirements-test.txt || echo scikit-learn)
  python3 -m pip install --quiet --disable-pip-version-check "$pin" >&2
fi
BASE_CMD=(taskset -c "$CORE" python3 bench/assistant/baseline.py "$TRAIN" "$TEST")
"${BASE_CMD[@]}" > "$WORK/baseline.json" || fail "the baseline (bench/assistant/baseline.py) failed"
SKLEARN=$(python3 -c 'import sklearn; print(sklearn.__version__)')

# --- Report --------------------------------------------------------------------------------------
python3 - "$WORK/satupintu.json" "$WORK/baseline.json" "$TRAIN" "$TEST" "$BIN_SHOWN" "$CORE" "$SKLEARN" <<'PY'
import json, sys
sp, base = (json.load(open(p)) for p in sys.argv[1:3])
train_path, test_path, bin_shown, core, sklearn = sys.argv[3:8]
load = lambda p: [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]
train, test = load(train_path), load(test_path)
lines = train + test

def num(r, k):
    v = r.get(k)
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None

def share(v):
    return "n/a" if v is None else f"{v:.3f}"

def ms(v):
    return "n/a" if v is None else f"{v:.2f} ms"

def met(ok):
    return "met" if ok else "**not met**"

acc, base_acc = num(sp, "accuracy"), num(base, "accuracy")
bar = max(0.90, (base_acc or 0) + 0.10)
rows = [
    ("accuracy (intent, and service or category where there is one)", "accuracy", share,
     f"≥ 0.90 and ≥ baseline + 0.10 (here ≥ {bar:.3f})",
     acc is not None and base_acc is not None and acc >= 0.90 and acc >= base_acc + 0.10),
    ("intent accuracy", "intent_accuracy", share, None, None),
    ("service accuracy (service questions)", "service_accuracy", share, None, None),
    ("complaint category accuracy (complaints)", "category_accuracy", share, None, None),
    ("out-of-scope precision", "oos_precision", share, "≥ 0.85",
     num(sp, "oos_precision") is not None and num(sp, "oos_precision") >= 0.85),
    ("out-of-scope recall", "oos_recall", share, "≥ 0.85",
     num(sp, "oos_recall") is not None and num(sp, "oos_recall") >= 0.85),
    ("latency per question, p50", "p50_ms", ms, None, None),
    ("latency per question, p99", "p99_ms", ms, "< 20 ms on one core",
     num(sp, "p99_ms") is not None and num(sp, "p99_ms") < 20),
]
if "tracking_code_accuracy" in sp:
    rows.insert(4, ("tracking codes read right (status questions with a code)", "tracking_code_accuracy", share, None, None))

n_tr, n_te = len(train), len(test)
informal = sum(bool(r.get("informal")) for r in lines) / len(lines)
informal_te = sum(bool(r.get("informal")) for r in test) / n_te
english = sum(r.get("lang") == "en" for r in lines) / len(lines)
intents = ["service_info", "complaint", "status", "handoff", "greeting", "thanks", "out_of_scope"]
count = lambda rows, i: sum(r["intent"] == i for r in rows)

print("## Assistant: understanding citizens' questions")
print()
print(f"Labelled chat messages: {n_tr} for training (`{train_path}`) and {n_te} held out for the test")
print(f"(`{test_path}`; neither model learns from it). Each line has an intent (service information,")
print("complaint, application or report status, asking for a person, greeting, thanks, out of scope), the")
print("catalogue service or complaint category where there is one, and a tracking code where the text has")
print(f"one. {informal:.0%} of the lines are informal ({informal_te:.0%} of the test lines): slang, abbreviations, typos,")
print(f"Javanese and Sundanese words; {english:.0%} are in English. A line counts as right when its intent and,")
print("where given, its service or category are right. Lines per intent, train / test:",
      ", ".join(f"{i} {count(train, i)} / {count(test, i)}" for i in intents) + ".")
print()
print(f"The baseline is scikit-learn {sklearn}: TF-IDF over character n-grams (2 to 5, within words,")
print("sublinear tf) and a logistic regression over one joint label per line (intent, with the service or")
print(f"category), trained on the training file with C = {base.get('C')} chosen by 3-fold cross-validation")
print(f"on the training file only (cross-validated accuracy {share(num(base, 'cv_accuracy'))}). Both answer one question at a")
print(f"time, pinned to core {core}; latency is the time to classify one question (SatuPintu: the whole")
print("understanding step of a fresh conversation; baseline: vectorise and predict).")
print()
print("| measure | SatuPintu | baseline | target | |")
print("| --- | ---: | ---: | --- | --- |")
for label, key, fmt, target, ok in rows:
    print(f"| {label} | {fmt(num(sp, key))} | {fmt(num(base, key))} | {target or ''} | {met(ok) if target else ''} |")
print()
print("Commands:")
print()
print(f"    taskset -c {core} {bin_shown} assistant eval {test_path} --json")
print(f"    taskset -c {core} python3 bench/assistant/baseline.py {train_path} {test_path}")
print("    python3 bench/assistant/check_data.py   # the labelled files' checks and counts")
print()
PY
