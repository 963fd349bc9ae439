#!/usr/bin/python3
"""scikit-learn's binary metrics on xgboost's own predictions of an example job's eval data.

Usage: /usr/bin/python3 tests/parity/example_job.py JOB_DIR  -> JSON {metric: value} on stdout
The model is output/model.tar.gz:xgboost-model, the data data/test.csv (label first, no
header), threshold 0.5, positive label 1: what `modelgate validate JOB` evaluates.
"""
import json
import sys
import tarfile
import warnings

import numpy as np
import xgboost as xgb
from sklearn import metrics as M

warnings.filterwarnings("ignore")
job = sys.argv[1]
with tarfile.open(job + "/output/model.tar.gz") as tar:
    raw = tar.extractfile("xgboost-model").read()
booster = xgb.Booster()
booster.load_model(bytearray(raw))
data = np.loadtxt(job + "/data/test.csv", delimiter=",")
y, X = data[:, 0], data[:, 1:]
s = booster.predict(xgb.DMatrix(X)).astype(np.float64)
yp = (s > 0.5).astype(float)
cm = M.confusion_matrix(y, yp, labels=[0, 1])
out = {
    "accuracy": M.accuracy_score(y, yp),
    "balanced_accuracy": M.balanced_accuracy_score(y, yp),
    "precision": M.precision_score(y, yp),
    "recall": M.recall_score(y, yp),
    "f1": M.f1_score(y, yp),
    "fbeta": M.fbeta_score(y, yp, beta=1.0),
    "specificity": M.recall_score(y, yp, pos_label=0),
    "npv": M.precision_score(y, yp, pos_label=0),
    "false_positive_rate": cm[0][1] / (cm[0][0] + cm[0][1]),
    "matthews_corrcoef": M.matthews_corrcoef(y, yp),
    "cohen_kappa": M.cohen_kappa_score(y, yp),
    "roc_auc": M.roc_auc_score(y, s),
    "average_precision": M.average_precision_score(y, s),
    "log_loss": M.log_loss(y, s),
    "brier_score": M.brier_score_loss(y, s),
}
json.dump({k: float(v) for k, v in out.items()}, sys.stdout, indent=1)
