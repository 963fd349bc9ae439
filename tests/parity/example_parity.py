#!/usr/bin/python3
"""Parity: modelgate's metrics on the example job equal scikit-learn's on xgboost's own predictions.

Usage: example_parity.py MODELGATE_BIN JOB_DIR
Runs `modelgate validate JOB_DIR --json`, recomputes every metric with scikit-learn from the
predictions of xgboost's Python predictor on the same model and data, and fails on any
difference above 1e-12. Needs Debian's python3-sklearn and python3-xgboost.
"""
import json
import subprocess
import sys
import tarfile

import numpy as np
import xgboost as xgb
from sklearn import metrics

TOL = 1e-12


def main():
    binary, job = sys.argv[1], sys.argv[2]
    out = subprocess.run([binary, "validate", job, "--json"], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"modelgate exited {out.returncode}: {out.stderr}")
    ours = json.loads(out.stdout)["evaluation"]["metrics"]

    with tarfile.open(f"{job}/output/model.tar.gz") as t:
        raw = t.extractfile("xgboost-model").read()
    booster = xgb.Booster()
    booster.load_model(bytearray(raw))
    data = np.loadtxt(f"{job}/data/test.csv", delimiter=",")
    y = data[:, 0]
    p = booster.predict(xgb.DMatrix(data[:, 1:])).astype(np.float64)
    pred = (p > 0.5).astype(int)
    theirs = {
        "accuracy": metrics.accuracy_score(y, pred),
        "precision": metrics.precision_score(y, pred),
        "recall": metrics.recall_score(y, pred),
        "f1": metrics.f1_score(y, pred),
        "roc_auc": metrics.roc_auc_score(y, p),
        "log_loss": metrics.log_loss(y, p),
    }
    failures = []
    for name, want in theirs.items():
        got = ours.get(name)
        if got is None or abs(got - want) > TOL:
            failures.append(f"{name}: modelgate {got!r} vs scikit-learn {want!r}")
        else:
            print(f"{name}: {got!r} == {want!r}")
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print(f"{len(theirs)} passed, 0 failed")


if __name__ == "__main__":
    main()
