#!/usr/bin/env python3
"""The assistant's baseline: a character n-gram classifier from scikit-learn.

    python3 bench/assistant/baseline.py TRAIN TEST [--c C]

TF-IDF over character n-grams (2 to 5, within word boundaries, sublinear tf, lower-cased) and a
logistic regression, trained on TRAIN with one joint label per question: "service_info:<service>",
"complaint:<category>", or the intent alone otherwise. C is chosen by 3-fold stratified cross-
validation on TRAIN only (from 10 to 10,000, in steps of about 3x; a corpus this small wants
little regularisation) unless --c is given. TEST is only predicted,
one question at a time so that the latency is that of answering one chat message.

Prints one JSON object:
  accuracy           share of TEST lines whose predicted joint label is the gold one
  intent_accuracy    share whose predicted intent is the gold intent
  service_accuracy   on service_info lines: share predicted as service_info with the right service
  category_accuracy  on complaint lines: share predicted as complaint with the right category
  oos_precision      of the lines predicted out_of_scope, share that are (null if none predicted)
  oos_recall         of the out_of_scope lines, share predicted as such
  p50_ms, p99_ms     per-question prediction latency (vectorise + predict), milliseconds
  n                  number of TEST lines
and, for information, n_train, C, cv_accuracy and the training time.
"""
import argparse
import json
import sys
import time

try:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
except ImportError as e:
    sys.exit(f"baseline.py: scikit-learn is missing ({e}). Install it with:\n"
             "    python3 -m pip install --quiet scikit-learn\n"
             "(the pinned version is in scripts/requirements-test.txt)")

C_GRID = [10, 30, 100, 300, 1000, 3000, 10000]
SEED = 20261123


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def joint(row):
    if row["intent"] == "service_info":
        return f"service_info:{row['service']}"
    if row["intent"] == "complaint":
        return f"complaint:{row['category']}"
    return row["intent"]


def model(c):
    return make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True),
        LogisticRegression(max_iter=2000, C=c),
    )


def share(hits, total):
    return round(hits / total, 4) if total else None


def percentile(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(np.ceil(p / 100 * len(s))) - 1))
    return s[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train")
    ap.add_argument("test")
    ap.add_argument("--c", type=float, help="use this C instead of choosing it by cross-validation")
    args = ap.parse_args()

    train, test = load(args.train), load(args.test)
    x = [r["q"] for r in train]
    y = [joint(r) for r in train]

    if args.c is not None:
        c, cv = args.c, None
    else:
        # Folds are stratified by joint label; each label has at least 3 training lines.
        folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=SEED)
        scores = {c: cross_val_score(model(c), x, y, cv=folds).mean() for c in C_GRID}
        c = max(C_GRID, key=lambda k: (scores[k], -k))  # ties go to the smaller C
        cv = round(scores[c], 4)

    t0 = time.perf_counter()
    clf = model(c).fit(x, y)
    train_s = time.perf_counter() - t0

    for r in test[:20]:  # warm up
        clf.predict([r["q"]])
    pred, lat = [], []
    for r in test:
        t = time.perf_counter()
        p = clf.predict([r["q"]])[0]
        lat.append((time.perf_counter() - t) * 1000)
        pred.append(p)

    gold = [joint(r) for r in test]
    intent = lambda label: label.split(":", 1)[0]
    si = [i for i, r in enumerate(test) if r["intent"] == "service_info"]
    co = [i for i, r in enumerate(test) if r["intent"] == "complaint"]
    oos_gold = {i for i, g in enumerate(gold) if g == "out_of_scope"}
    oos_pred = {i for i, p in enumerate(pred) if p == "out_of_scope"}
    out = {
        "accuracy": share(sum(p == g for p, g in zip(pred, gold)), len(test)),
        "intent_accuracy": share(sum(intent(p) == intent(g) for p, g in zip(pred, gold)), len(test)),
        "service_accuracy": share(sum(pred[i] == gold[i] for i in si), len(si)),
        "category_accuracy": share(sum(pred[i] == gold[i] for i in co), len(co)),
        "oos_precision": share(len(oos_gold & oos_pred), len(oos_pred)),
        "oos_recall": share(len(oos_gold & oos_pred), len(oos_gold)),
        "p50_ms": round(percentile(lat, 50), 3),
        "p99_ms": round(percentile(lat, 99), 3),
        "n": len(test),
        "n_train": len(train),
        "C": c,
        "cv_accuracy": cv,
        "train_s": round(train_s, 2),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
