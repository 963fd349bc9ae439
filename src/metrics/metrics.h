// Evaluation metrics, with scikit-learn's names and semantics (scikit-learn 1.2.1, Debian 12).
//
// Contract:
//  - Names are scikit-learn scorer names without "neg_" (MetricNames(task) lists them all, in
//    report order; a policy may use exactly these). Every value equals scikit-learn 1.2.1's on
//    the same inputs to 1e-9 (parity suite in tests/parity, docs/metrics.md).
//  - Binary: y_true holds two label values at most; `pos_label` is the positive one; `score` is
//    the positive-class probability (or any score for the ranking metrics). A row is predicted
//    positive when score > threshold (strict: 0.5 exactly is negative at threshold 0.5).
//    log_loss clips at float64 machine epsilon (eps="auto") and renormalises, as 1.2.1 does.
//  - Multiclass: one score column per class, classes in sorted label order. Class labels are
//    the sorted distinct labels when there are as many as columns, else 0..K-1 (then every
//    label must be an integer in [0, K)). Predicted class = first argmax. Per-class averages
//    run over all K classes (scikit-learn with labels=range(K)).
//  - Regression: `score` is the prediction.
//  - zero_division: 0 or 1, the value of a precision-like ratio whose denominator is 0
//    (scikit-learn's default "warn" behaves as 0).
//  - Undefined metrics (roc_auc with a single class, kappa with one label, r2 with < 2 rows)
//    are absent from `values` and listed in `undefined` with the reason; never a number.
//  - Sample weights (optional, same length, finite, >= 0) are applied wherever scikit-learn
//    accepts them; max_error and the ovo AUCs ignore/refuse them (undefined when weighted).
//  - NaN or infinite labels, scores or weights, or more than two label values in a binary
//    task, are input errors (Status::Input) naming the 1-based row.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mg::metrics {

enum class Task { kBinary, kMulticlass, kRegression };
const char* TaskName(Task task);
Result<Task> ParseTask(std::string_view name);  // "binary" | "multiclass" | "regression"

// Every metric name the task can produce, in report order (a policy may use exactly these).
const std::vector<std::string>& MetricNames(Task task);
// Binary names (kept for callers of the walking skeleton).
const std::vector<std::string>& BinaryMetricNames();

struct Options {
  double threshold = 0.5;      // binary decision threshold (predicted positive: score > threshold)
  double pos_label = 1;        // binary positive label
  double zero_division = 0;    // 0 or 1
  double beta = 1;             // for "fbeta"
  int top_k = 2;               // for "top_k_accuracy" (scikit-learn's default k)
  bool force_finite = true;    // r2 / explained_variance on a constant truth
};
using BinaryOptions = Options;

struct ConfusionMatrix {
  std::vector<double> labels;               // sorted label values
  std::vector<std::vector<double>> counts;  // counts[true][pred] (weighted when weights given)
};

// A confidence interval for one metric.
struct Interval {
  double lower = 0, upper = 0;
  double level = 0.95;
  std::string method;  // "bootstrap" (percentile), "delong"
};

// The threshold maximising a criterion (binary): score > threshold predicts positive.
struct ThresholdChoice {
  double threshold = 0;
  double value = 0;  // the criterion at that threshold
};

struct MetricSet {
  std::string task;  // "binary", "multiclass", "regression"
  size_t n = 0;
  std::map<std::string, double> values;
  std::map<std::string, Interval> ci;             // only for metrics whose interval was asked for
  std::map<std::string, std::string> undefined;   // name -> why
  ConfusionMatrix confusion;                      // classification only
  // Per-class precision/recall/f1 (multiclass), indexed like confusion.labels.
  std::map<std::string, std::vector<double>> per_class;
  // Binary: "f1" and "youden_j" -> the threshold maximising it over all distinct scores.
  std::map<std::string, ThresholdChoice> best_thresholds;
};

// Column views of one evaluation: y_true, one score column (binary: positive-class score;
// regression: prediction) or K (multiclass), optional weights (empty = unweighted).
struct Inputs {
  std::span<const double> y_true;
  std::vector<std::span<const double>> scores;
  std::span<const double> weight;
};

Result<MetricSet> Compute(Task task, const Inputs& in, const Options& options = {});
Result<MetricSet> ComputeBinary(std::span<const double> y_true, std::span<const double> score,
                                const Options& options = {}, std::span<const double> weight = {});
Result<MetricSet> ComputeMulticlass(std::span<const double> y_true,
                                    const std::vector<std::span<const double>>& proba,
                                    const Options& options = {}, std::span<const double> weight = {});
Result<MetricSet> ComputeRegression(std::span<const double> y_true, std::span<const double> pred,
                                    const Options& options = {}, std::span<const double> weight = {});

struct CiOptions {
  int samples = 1000;         // bootstrap resamples
  uint64_t seed = 0;          // same seed, same data -> same intervals
  double level = 0.95;
  bool delong_auc = true;     // roc_auc (binary, unweighted) by DeLong instead of the bootstrap
};

// Fills m->ci for every metric in m->values: percentile bootstrap over rows (resampled with
// replacement, mt19937_64(seed)); a metric undefined in more than half the resamples gets none.
Status AddConfidenceIntervals(Task task, const Inputs& in, const Options& options, const CiOptions& ci,
                              MetricSet* m);

// Rank-based ROC AUC (Mann-Whitney U with half credit for ties). Requires both classes.
double RocAuc(std::span<const double> score, std::span<const unsigned char> positive);

}  // namespace mg::metrics
