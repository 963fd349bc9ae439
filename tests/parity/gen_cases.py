#!/usr/bin/python3
"""Generates the scikit-learn parity cases for `modelgate metrics`.

Usage: /usr/bin/python3 tests/parity/gen_cases.py OUT_DIR

Writes OUT_DIR/<case>.csv and OUT_DIR/cases.json: a list of
  {"name", "file", "args": [...], "expect": {metric: value}, "undefined": [metric, ...]}
or, for bad input, {"name", "file", "args", "error": {"exit": 2, "contains": "..."}}.
Every expected value is computed here by the installed scikit-learn (the oracle); a metric
scikit-learn refuses (raises) or returns NaN for is expected to be undefined in modelgate.
Exits non-zero when numpy or scikit-learn is missing: the parity test must fail, not skip.
"""
import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn import metrics as M

warnings.filterwarnings("ignore")
OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
CASES = []
RNG = np.random.default_rng(20261203)


def write_csv(name, header, cols):
    path = os.path.join(OUT, name + ".csv")
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for row in zip(*cols):
            f.write(",".join(repr(float(v)) for v in row) + "\n")
    return path


def oracle(fn):
    """fn() -> float, or None when scikit-learn raises or gives NaN (undefined)."""
    try:
        v = float(fn())
    except (ValueError, ZeroDivisionError):
        return None
    return None if np.isnan(v) else v


def add(name, path, args, values):
    expect = {k: v for k, v in values.items() if v is not None}
    undefined = sorted(k for k, v in values.items() if v is None)
    CASES.append({"name": name, "file": path, "args": args, "expect": expect, "undefined": undefined})


def binary(name, y, s, threshold=0.5, pos=1, w=None, zd=0, beta=1.0):
    y = np.asarray(y, dtype=float)
    s = np.asarray(s, dtype=float)
    labels = sorted(set(y.tolist()))
    neg = [l for l in labels if l != pos][0]
    yp = np.where(s > threshold, pos, neg)
    yb = (y == pos).astype(int)
    cm = M.confusion_matrix(y, yp, labels=[neg, pos], sample_weight=w)
    tn, fp = cm[0]
    kw = dict(sample_weight=w)
    prf = dict(zero_division=zd, **kw)
    both = len(set(yb.tolist())) == 2
    v = {
        "accuracy": oracle(lambda: M.accuracy_score(y, yp, **kw)),
        "balanced_accuracy": oracle(lambda: M.balanced_accuracy_score(y, yp, **kw)),
        "precision": oracle(lambda: M.precision_score(y, yp, pos_label=pos, **prf)),
        "recall": oracle(lambda: M.recall_score(y, yp, pos_label=pos, **prf)),
        "f1": oracle(lambda: M.f1_score(y, yp, pos_label=pos, **prf)),
        "fbeta": oracle(lambda: M.fbeta_score(y, yp, beta=beta, pos_label=pos, **prf)),
        "specificity": oracle(lambda: M.recall_score(y, yp, pos_label=neg, **prf)),
        "npv": oracle(lambda: M.precision_score(y, yp, pos_label=neg, **prf)),
        "false_positive_rate": float(fp / (fp + tn)) if fp + tn > 0 else float(zd),
        "matthews_corrcoef": oracle(lambda: M.matthews_corrcoef(y, yp, **kw)),
        "cohen_kappa": oracle(lambda: M.cohen_kappa_score(y, yp, **kw)),
        "roc_auc": oracle(lambda: M.roc_auc_score(yb, s, **kw)),
        "average_precision": oracle(lambda: M.average_precision_score(yb, s, **kw)) if both else None,
        "log_loss": oracle(lambda: M.log_loss(yb, s, **kw)),
        "brier_score": oracle(lambda: M.brier_score_loss(yb, s, **kw)),
    }
    cols, header = [y, s], ["y", "score"]
    args = ["--task", "binary", "--label", "y", "--score", "score", "--threshold", repr(threshold),
            "--pos-label", repr(float(pos)), "--zero-division", str(zd), "--beta", repr(beta)]
    if w is not None:
        cols.append(np.asarray(w, dtype=float))
        header.append("w")
        args += ["--weight", "w"]
    add(name, write_csv(name, header, cols), args, v)


def multiclass(name, y, P, labels=None, w=None, zd=0, k=2):
    y = np.asarray(y, dtype=float)
    P = np.asarray(P, dtype=float)
    K = P.shape[1]
    L = np.array(labels if labels is not None else range(K), dtype=float)
    yp = L[np.argmax(P, axis=1)]
    kw = dict(sample_weight=w)
    v = {
        "accuracy": oracle(lambda: M.accuracy_score(y, yp, **kw)),
        "balanced_accuracy": oracle(lambda: M.balanced_accuracy_score(y, yp, **kw)),
        "matthews_corrcoef": oracle(lambda: M.matthews_corrcoef(y, yp, **kw)),
        "cohen_kappa": oracle(lambda: M.cohen_kappa_score(y, yp, **kw)),
        "log_loss": oracle(lambda: M.log_loss(y, P, labels=L, **kw)),
        "top_k_accuracy": oracle(lambda: M.top_k_accuracy_score(y, P, k=k, labels=L, **kw)),
        "roc_auc_ovr": oracle(lambda: M.roc_auc_score(y, P, multi_class="ovr", average="macro", labels=L, **kw)),
        "roc_auc_ovr_weighted": oracle(
            lambda: M.roc_auc_score(y, P, multi_class="ovr", average="weighted", labels=L, **kw)),
        "roc_auc_ovo": oracle(lambda: M.roc_auc_score(y, P, multi_class="ovo", average="macro", labels=L, **kw)),
        "roc_auc_ovo_weighted": oracle(
            lambda: M.roc_auc_score(y, P, multi_class="ovo", average="weighted", labels=L, **kw)),
    }
    for avg in ("macro", "micro", "weighted"):
        f = dict(labels=L, average=avg, zero_division=zd, **kw)
        v["precision_" + avg] = oracle(lambda: M.precision_score(y, yp, **f))
        v["recall_" + avg] = oracle(lambda: M.recall_score(y, yp, **f))
        v["f1_" + avg] = oracle(lambda: M.f1_score(y, yp, **f))
    header = ["y"] + ["p%d" % c for c in range(K)]
    cols = [y] + [P[:, c] for c in range(K)]
    args = ["--task", "multiclass", "--label", "y", "--score", ",".join(header[1:]), "--zero-division", str(zd),
            "--top-k", str(k)]
    if w is not None:
        cols.append(np.asarray(w, dtype=float))
        header.append("w")
        args += ["--weight", "w"]
    add(name, write_csv(name, header, cols), args, v)


def regression(name, y, p, w=None):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    kw = dict(sample_weight=w)
    v = {
        "r2": oracle(lambda: M.r2_score(y, p, **kw)),
        "mean_absolute_error": oracle(lambda: M.mean_absolute_error(y, p, **kw)),
        "mean_squared_error": oracle(lambda: M.mean_squared_error(y, p, **kw)),
        "root_mean_squared_error": oracle(lambda: M.mean_squared_error(y, p, squared=False, **kw)),
        "mean_absolute_percentage_error": oracle(lambda: M.mean_absolute_percentage_error(y, p, **kw)),
        "median_absolute_error": oracle(lambda: M.median_absolute_error(y, p, **kw)),
        "max_error": oracle(lambda: M.max_error(y, p)) if w is None else None,
        "explained_variance": oracle(lambda: M.explained_variance_score(y, p, **kw)),
    }
    cols, header = [y, p], ["y", "pred"]
    args = ["--task", "regression", "--label", "y", "--score", "pred"]
    if w is not None:
        cols.append(np.asarray(w, dtype=float))
        header.append("w")
        args += ["--weight", "w"]
    add(name, write_csv(name, header, cols), args, v)


def error(name, text, args, contains):
    path = os.path.join(OUT, name + ".csv")
    with open(path, "w") as f:
        f.write(text)
    CASES.append({"name": name, "file": path, "args": args, "error": {"exit": 2, "contains": contains}})


def dirichlet(n, k, alpha=1.0):
    return RNG.dirichlet(np.full(k, alpha), size=n)


# ---- binary ----
n = 500
y = RNG.integers(0, 2, n)
s = np.clip(RNG.normal(0.35 + 0.3 * y, 0.2), 0, 1)
binary("bin_random", y, s)
binary("bin_random_fbeta2", y, s, beta=2.0)
binary("bin_random_threshold_0.3", y, s, threshold=0.3)
binary("bin_random_weighted", y, s, w=RNG.uniform(0.1, 3, n))
binary("bin_pos_label_0", y, s, pos=0)
y = RNG.integers(0, 2, 1000)
binary("bin_heavy_ties", y, np.round(np.clip(RNG.normal(0.4 + 0.2 * y, 0.25), 0, 1), 1))
binary("bin_heavy_ties_weighted", y, np.round(RNG.uniform(0, 1, 1000), 1), w=RNG.integers(0, 4, 1000))
y = (RNG.uniform(0, 1, 5000) < 0.01).astype(int)
y[0] = 1
binary("bin_1pct_positives", y, np.clip(RNG.normal(0.2 + 0.3 * y, 0.15), 0, 1))
y = RNG.integers(0, 2, 100)
binary("bin_constant_scores", y, np.full(100, 0.5))
binary("bin_constant_scores_zd1", y, np.full(100, 0.5), zd=1)
binary("bin_constant_scores_above", y, np.full(100, 0.7))
y = np.array([0] * 50 + [1] * 50)
binary("bin_perfect", y, np.linspace(0.01, 0.99, 100))
binary("bin_inverted", y, np.linspace(0.99, 0.01, 100))
y = RNG.integers(0, 2, 300)
binary("bin_at_threshold", y, RNG.choice([0.3, 0.5, 0.5, 0.5, 0.7], 300))
binary("bin_labels_2_5", np.where(y == 1, 5, 2), RNG.uniform(0, 1, 300), pos=5)
binary("bin_labels_minus1_1", np.where(y == 1, 1, -1), RNG.uniform(0, 1, 300))
binary("bin_logits", y, RNG.normal(0, 3, 300), threshold=0.0)
binary("bin_extremes_0_1", y, RNG.choice([0.0, 1.0, 0.5, 1e-20, 1 - 1e-17], 300))
binary("bin_tiny_2", [0, 1], [0.4, 0.6])
binary("bin_tiny_3", [1, 0, 1], [0.2, 0.9, 0.9])
binary("bin_large", RNG.integers(0, 2, 20000), RNG.uniform(0, 1, 20000))
# Published toy cases and bug reports.
binary("bin_sklearn3864_scale", [1, 0, 0], [1e-10, 0, 0])
binary("bin_smartcore373", [0, 1, 1], [0.5, 0.9, 0.5])
binary("bin_f1_bug_26864_zd1", [1, 0, 0], [0.0, 1.0, 0.0], zd=1)
binary("bin_sklearn5073_ties", [1, 0, 1, 0, 0, 1], [0.4, 0.4, 0.4, 0.4, 0.1, 0.1])
binary("bin_roc_toy", [0, 1, 0, 1], [0.1, 0.4, 0.35, 0.8])
binary("bin_no_predicted_positive_zd1", [0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4], zd=1)

# ---- multiclass ----
y = RNG.integers(0, 3, 300)
multiclass("mc3_random", y, dirichlet(300, 3))
multiclass("mc3_random_weighted", y, dirichlet(300, 3), w=RNG.uniform(0.1, 2, 300))
multiclass("mc3_top1", y, dirichlet(300, 3), k=1)
y = RNG.integers(0, 10, 2000)
P = dirichlet(2000, 10, 0.5)
P[np.arange(2000), y] += 0.3
P /= P.sum(axis=1, keepdims=True)
multiclass("mc10_random", y, P)
multiclass("mc10_top3", y, P, k=3)
y = RNG.choice(3, 1000, p=[0.8, 0.15, 0.05])
multiclass("mc3_imbalanced", y, dirichlet(1000, 3, 2.0))
y = RNG.choice([0, 1, 3], 400)
multiclass("mc4_absent_class", y, dirichlet(400, 4))
multiclass("mc4_absent_class_zd1", y, dirichlet(400, 4), zd=1)
y = RNG.choice([1, 5, 9], 200)
multiclass("mc_labels_1_5_9", y, dirichlet(200, 3), labels=[1, 5, 9])
ties = np.array([[0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3], [0.4, 0.4, 0.2], [0.2, 0.4, 0.4], [0.0, 0.5, 0.5]])
y = RNG.integers(0, 3, 150)
multiclass("mc3_ties", y, ties[RNG.integers(0, 5, 150)])
multiclass("mc3_ties_top1", y, ties[RNG.integers(0, 5, 150)], k=1)
multiclass("mc_ovo_toy", [0, 1, 0, 2], [[.1, .8, .1], [.3, .4, .3], [.35, .5, .15], [0, .2, .8]])
multiclass("mc_ovr_toy", [0, 1, 2, 2], [[1, 0, 0], [.1, .5, .4], [.1, .1, .8], [.3, .3, .4]])
multiclass("mc_log_loss_toy", [1, 0, 2], [[0.2, 0.7, 0.1], [0.6, 0.2, 0.2], [0.6, 0.1, 0.3]])
multiclass("mc_never_predicted", [0, 1, 2, 2, 1, 0], [[.6, .3, .1], [.2, .7, .1], [.3, .6, .1], [.5, .4, .1],
                                                     [.1, .8, .1], [.7, .2, .1]])

# ---- regression ----
y = RNG.normal(10, 3, 500)
regression("reg_random", y, y + RNG.normal(0, 1, 500))
regression("reg_random_weighted", y, y + RNG.normal(0, 1, 500), w=RNG.uniform(0, 2, 500))
regression("reg_constant_truth", np.full(50, 3.0), RNG.normal(3, 1, 50))
regression("reg_constant_truth_perfect", np.full(50, 3.0), np.full(50, 3.0))
regression("reg_tiny_1", [2.0], [1.5])
regression("reg_tiny_2", [2.0, 4.0], [1.5, 4.5])
regression("reg_even_median", [1, 2, 3, 4], [1.5, 2.5, 2, 6])
regression("reg_zeros_mape", [0, 1, 2, 0], [0.1, 1, 2.5, 0])
regression("reg_weighted_median", [1, 2, 3, 4, 5], [2, 2, 5, 4, 1], w=[1, 3, 1, 0.5, 2])

# ---- bad input: exit 2 with a clear message ----
B = ["--task", "binary", "--label", "y", "--score", "score"]
error("err_missing_column", "y,score\n1,0.5\n0,0.2\n", ["--task", "binary", "--label", "y", "--score", "prob"],
      "no column named 'prob'")
error("err_non_numeric", "y,score\n1,0.5\n0,abc\n", B, ":3: column 2 ('score'): 'abc' is not a number")
error("err_ragged", "y,score\n1,0.5\n0,0.2,7\n", B, ":3: 3 columns, expected 2")
error("err_empty", "", B, "empty file")
error("err_header_only", "y,score\n", B, "no data rows")
error("err_one_class", "y,score\n1,0.5\n1,0.2\n", B, "one class only")
error("err_three_labels", "y,score\n1,0.5\n0,0.2\n2,0.3\n", B, "row 3: a third label value (2)")
error("err_nan_score", "y,score\n1,0.5\n0,nan\n", B, ":3: column 2 ('score'): 'nan' is not a finite number")
error("err_probabilities", "y,a,b,c\n0,0.5,0.3,0.2\n1,0.5,0.3,0.1\n2,0.1,0.1,0.8\n",
      ["--task", "multiclass", "--label", "y", "--score", "a,b,c"], "row 2: class probabilities sum to 0.9")
error("err_bad_task", "y,score\n1,0.5\n0,0.2\n", ["--task", "ranking", "--label", "y", "--score", "score"],
      "unknown task 'ranking'")

with open(os.path.join(OUT, "cases.json"), "w") as f:
    json.dump({"sklearn": sklearn.__version__, "cases": CASES}, f, indent=1)
print("%d cases (scikit-learn %s) in %s" % (len(CASES), sklearn.__version__, OUT))
