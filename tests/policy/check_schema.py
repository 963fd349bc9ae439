#!/usr/bin/python3
"""Checks docs/policy.schema.json: it is a valid 2020-12 schema, every example policy (and the
full example of docs/policy.md) conforms, and known-bad policies do not.
Usage: check_schema.py SOURCE_DIR. Exit 0 when all hold; prints what failed otherwise."""
import glob
import json
import os
import re
import sys

import jsonschema
import yaml



class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 booleans (true/false only), as modelgate reads policies: `on:` is a key, not True."""


Yaml12Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def load(text):
    return yaml.load(text, Loader=Yaml12Loader)


src = sys.argv[1]
schema = json.load(open(os.path.join(src, "docs/policy.schema.json")))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
bad = []

goods = {p: open(p).read() for p in sorted(glob.glob(os.path.join(src, "examples/policies/*.yaml")))}
doc = open(os.path.join(src, "docs/policy.md")).read()
for i, block in enumerate(re.findall(r"```yaml\n(.*?)```", doc, re.S)):
    goods[f"docs/policy.md yaml block {i + 1}"] = block
if len(goods) < 4:
    bad.append(f"expected example policies, found {len(goods)}")
for name, text in goods.items():
    errs = list(v.iter_errors(load(text)))
    if errs:
        bad.append(f"{name}: {errs[0].message}")

refused = [
    "metrics: {accuracy: {mn: 0.9}}",
    "metrics: {accuracy: {min: high}}",
    "metrics: {accuracy: {min: 0.9, level: maybe}}",
    "metrics: {accuracy: {max_drop: 0.1, on: lower}}",
    "metrics: {accuracy: {min: 0.1, confidence: 0.9}}",
    "on_pass: approved",
    "thresholds: {}\nmetrics: {}",
    "stages: {job_complete: fail}",
    "stages: {min_samples: fail}",
    "stages: {min_samples: {total: -1}}",
    "slices: {column: region}",
    "slices: {column: region, thresholds: {f1: {max_drop: 0.1}}}",
    "version: 2",
]
for text in refused:
    if v.is_valid(load(text)):
        bad.append(f"accepted a bad policy: {text!r}")

for b in bad:
    print(b)
sys.exit(1 if bad else 0)
