"""Validates JSON documents against a JSON Schema (draft 2020-12).

Usage: /usr/bin/python3 check_schema.py SCHEMA.json DOC.json [DOC.json ...]
Prints one line per error (path: message) and exits 1 when any document is invalid.
Needs Debian's python3-jsonschema (scripts/bootstrap installs it).
"""
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        doc = json.load(open(path))
        for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
            print(f"{path}: /{'/'.join(map(str, err.path))}: {err.message}")
            bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
