#!/usr/bin/env python3
"""Checks the assistant's labelled questions (crates/satupintu/data/assistant/*.jsonl).

    python3 bench/assistant/check_data.py [--catalog PATH] [FILE ...]

Without files it checks train.jsonl and test.jsonl. Every line must be one JSON object with
exactly the fields below, the labels must fit the intent (a service and an aspect only for
service_info, a category only for complaint, a tracking code only for status, written as in
the text but upper-case: SP-2026-000123), every service id must be in the catalogue, and no
question may appear twice, within a file or across files (compared case-insensitively, with
runs of spaces folded). Prints the counts per intent (and per service and category) for each
file and exits with status 1 if anything is wrong.
"""
import argparse
import collections
import json
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = os.path.join(ROOT, "crates", "satupintu", "data", "assistant")
CATALOG = os.path.join(ROOT, "crates", "satupintu", "demo", "catalog.id.json")

FIELDS = ["q", "intent", "service", "category", "tracking_code", "aspect", "lang", "informal"]
INTENTS = ["service_info", "complaint", "status", "handoff", "greeting", "thanks", "out_of_scope"]
ASPECTS = ["requirements", "fee", "time", "place", "online", "eligibility", "procedure", "general"]
CATEGORIES = ["jalan", "sampah", "drainase_banjir", "penerangan_jalan", "air_bersih", "pencemaran",
              "fasilitas_umum", "pelayanan_petugas", "pungli", "lainnya"]
LANGS = ["id", "en", "jv", "su"]  # Indonesian, English, Javanese, Sundanese (issue 13)
CODE = re.compile(r"^(SP|LP)-20\d\d-\d{6}$")
# How a code may be written in the text: any case, with or without hyphens, spaces around them.
CODE_IN_TEXT = re.compile(r"\b(SP|LP)\s*-?\s*(20\d\d)\s*-?\s*(\d{6})\b", re.I)


def key(q):
    return " ".join(q.lower().split())


def check_line(obj, services):
    """The problems with one parsed line, as strings."""
    errs = []
    if not isinstance(obj, dict):
        return ["not a JSON object"]
    missing = [f for f in FIELDS if f not in obj]
    extra = [f for f in obj if f not in FIELDS]
    if missing:
        errs.append(f"missing fields {missing}")
    if extra:
        errs.append(f"unknown fields {extra}")
    if missing:
        return errs
    q, intent = obj["q"], obj["intent"]
    if not isinstance(q, str) or not q.strip():
        errs.append("q is empty or not a string")
        q = ""
    if intent not in INTENTS:
        errs.append(f"intent {intent!r} is not one of {INTENTS}")
    if obj["lang"] not in LANGS:
        errs.append(f"lang {obj['lang']!r} is not one of {LANGS}")
    if not isinstance(obj["informal"], bool):
        errs.append("informal is not true or false")

    service, aspect = obj["service"], obj["aspect"]
    if intent == "service_info":
        if service not in services:
            errs.append(f"service {service!r} is not in the catalogue")
        if aspect not in ASPECTS:
            errs.append(f"aspect {aspect!r} is not one of {ASPECTS}")
    else:
        if service is not None:
            errs.append("service is set but the intent is not service_info")
        if aspect is not None:
            errs.append("aspect is set but the intent is not service_info")

    category = obj["category"]
    if intent == "complaint":
        if category not in CATEGORIES:
            errs.append(f"category {category!r} is not one of {CATEGORIES}")
    elif category is not None:
        errs.append("category is set but the intent is not complaint")

    code = obj["tracking_code"]
    found = CODE_IN_TEXT.search(q)
    written = f"{found.group(1).upper()}-{found.group(2)}-{found.group(3)}" if found else None
    if intent == "status":
        if code is not None and not (isinstance(code, str) and CODE.match(code)):
            errs.append(f"tracking_code {code!r} is not like SP-2026-000123 or LP-2025-000045")
        elif code != written:
            errs.append(f"tracking_code is {code!r} but the text holds {written!r}")
    elif code is not None:
        errs.append("tracking_code is set but the intent is not status")
    return errs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--catalog", default=CATALOG, help="catalogue JSON (default: %(default)s)")
    ap.add_argument("files", nargs="*", default=[os.path.join(DATA, "train.jsonl"), os.path.join(DATA, "test.jsonl")])
    args = ap.parse_args()

    with open(args.catalog, encoding="utf-8") as f:
        services = {s["id"] for s in json.load(f)["services"]}

    problems = 0
    seen = {}  # question key -> "file:line"
    per_file = {}
    for path in args.files:
        rows = []
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                where = f"{os.path.relpath(path)}:{n}"
                if not line.strip():
                    print(f"{where}: empty line")
                    problems += 1
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    print(f"{where}: not JSON ({e})")
                    problems += 1
                    continue
                errs = check_line(obj, services)
                if isinstance(obj, dict) and isinstance(obj.get("q"), str):
                    k = key(obj["q"])
                    if k in seen:
                        errs.append(f"duplicate of {seen[k]}: {obj['q']!r}")
                    else:
                        seen[k] = where
                for e in errs:
                    print(f"{where}: {e}")
                problems += len(errs)
                if not errs:
                    rows.append(obj)
        per_file[path] = rows

    for path, rows in per_file.items():
        n = len(rows) or 1
        intents = collections.Counter(r["intent"] for r in rows)
        print(f"\n{os.path.relpath(path)}: {len(rows)} valid lines")
        for intent in INTENTS:
            print(f"  {intent:<13} {intents[intent]:4d}  {intents[intent] / n:6.1%}")
        informal = sum(r["informal"] for r in rows)
        informal_id = sum(r["informal"] and r["lang"] == "id" for r in rows)
        english = sum(r["lang"] == "en" for r in rows)
        coded = sum(r["tracking_code"] is not None for r in rows)
        print(f"  informal {informal / n:.1%} (informal Indonesian {informal_id / n:.1%}), English {english / n:.1%}, "
              f"status lines with a tracking code {coded}/{intents['status']}")
        svc = collections.Counter(r["service"] for r in rows if r["intent"] == "service_info")
        cat = collections.Counter(r["category"] for r in rows if r["intent"] == "complaint")
        asp = collections.Counter(r["aspect"] for r in rows if r["intent"] == "service_info")
        print("  services:", ", ".join(f"{s} {svc[s]}" for s in sorted(services)))
        print("  categories:", ", ".join(f"{c} {cat[c]}" for c in CATEGORIES))
        print("  aspects:", ", ".join(f"{a} {asp[a]}" for a in ASPECTS))
        absent = sorted(services - set(svc))
        if absent:
            print(f"  note: no question for {absent}")

    if problems:
        print(f"\n{problems} problem(s)")
        return 1
    print("\nok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
