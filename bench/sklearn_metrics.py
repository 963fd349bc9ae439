#!/usr/bin/python3
"""The baseline `modelgate metrics --task binary` is compared with: pandas read + scikit-learn.

Usage: /usr/bin/python3 bench/sklearn_metrics.py FILE   (columns y, score; threshold 0.5)
"""
import json
import sys

import numpy as np
import pandas as pd
from sklearn import metrics as M

df = pd.read_csv(sys.argv[1])
y = df["y"].to_numpy()
s = df["score"].to_numpy()
yp = (s > 0.5).astype(int)
out = {
    "accuracy": M.accuracy_score(y, yp),
    "balanced_accuracy": M.balanced_accuracy_score(y, yp),
    "precision": M.precision_score(y, yp),
    "recall": M.recall_score(y, yp),
    "f1": M.f1_score(y, yp),
    "fbeta": M.fbeta_score(y, yp, beta=1.0),
    "specificity": M.recall_score(y, yp, pos_label=0),
    "npv": M.precision_score(y, yp, pos_label=0),
    "matthews_corrcoef": M.matthews_corrcoef(y, yp),
    "cohen_kappa": M.cohen_kappa_score(y, yp),
    "roc_auc": M.roc_auc_score(y, s),
    "average_precision": M.average_precision_score(y, s),
    "log_loss": M.log_loss(y, s),
    "brier_score": M.brier_score_loss(y, s),
}
cm = M.confusion_matrix(y, yp)
out["false_positive_rate"] = cm[0][1] / cm[0].sum()
json.dump({k: float(v) for k, v in out.items()}, sys.stdout)
