// Evaluation metrics, with scikit-learn's names and semantics (scikit-learn 1.2, Debian 12).
//
// Contract:
//  - Names are scikit-learn scorer names without "neg_": accuracy, precision, recall, f1,
//    roc_auc, log_loss, ... Every value equals scikit-learn's on the same inputs to 1e-12
//    (parity tests in tests/parity).
//  - Binary: y_true holds two label values at most; `pos_label` is the positive one. A row is
//    predicted positive when score > threshold (strict, as scikit-learn's predict does for
//    probabilities: 0.5 exactly is negative). log_loss clips at float64 machine epsilon
//    (scikit-learn's eps="auto" for float64 input).
//  - zero_division: the value of precision/recall/f1 when their denominator is 0
//    (scikit-learn's default "warn" behaves as 0).
//  - Undefined metrics (roc_auc with a single class in y_true) are absent from `values` and
//    listed in `undefined` with the reason; they never become a number.
//  - NaN or infinite scores, or more than two label values, are input errors naming the row.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"

namespace mg::metrics {

struct BinaryOptions {
  double threshold = 0.5;
  double pos_label = 1;
  double zero_division = 0;
};

struct ConfusionMatrix {
  std::vector<double> labels;           // sorted label values
  std::vector<std::vector<double>> counts;  // counts[true][pred]
};

// A confidence interval for one metric.
struct Interval {
  double lower = 0, upper = 0;
  double level = 0.95;
  std::string method;  // "bootstrap" (percentile), "delong"
};

struct MetricSet {
  std::string task;  // "binary", "multiclass", "regression"
  size_t n = 0;
  std::map<std::string, double> values;
  std::map<std::string, Interval> ci;  // only for metrics whose interval was asked for
  std::map<std::string, std::string> undefined;  // name -> why
  ConfusionMatrix confusion;
};

// Names binary evaluation computes (in report order).
const std::vector<std::string>& BinaryMetricNames();

Result<MetricSet> ComputeBinary(std::span<const double> y_true, std::span<const double> score,
                                const BinaryOptions& options = {});

// Rank-based ROC AUC (Mann-Whitney U with half credit for ties). Requires both classes.
double RocAuc(std::span<const double> score, std::span<const unsigned char> positive);

}  // namespace mg::metrics
