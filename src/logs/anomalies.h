// Anomalies in training-metric series: what a person would notice looking at the curves.
//
// Contract:
//  - FindAnomalies looks at LogMetrics (any source) and reports, per metric or metric pair:
//      non_finite   a NaN or infinite value (step of the first one)              warning
//      divergence   a lower-is-better training metric ends well above its best   warning
//                   (last > best + 50% of the first-to-best improvement, and above the first)
//      overfitting  train keeps improving while validation worsens after its best step (the
//                   mean of its last max(3, 10%) points is >5% worse than the best, and the
//                   gap grows by >10%): reported from that step (`step`)           warning
//                   Not for step-quantised metrics (names with "error" or "acc").
//      plateau      the last max(5, 20%) points of a validation metric move less than 1e-4
//                   relative: training could have stopped earlier                 info
//      early_stopping  XGBoost (or another framework) stopped early at best step  info
//  - A metric is lower-is-better when its name contains loss, error, rmse, mae, mse, mape,
//    deviance, poisson, gamma, tweedie, cox or merror (else higher-is-better: auc, map, ndcg,
//    accuracy, f1 ...). Train/validation pairs are found by name: "train:x"/"validation:x",
//    also "train-x", "train_x", and "val"/"valid"/"eval"/"test" as the validation side.
//  - Series with fewer than 5 points are only checked for non-finite values.
//  - Deterministic, never fails.
#pragma once

#include <string>
#include <vector>

#include "logs/logs.h"

namespace mg::logs {

struct Anomaly {
  std::string kind;      // non_finite | divergence | overfitting | plateau | early_stopping
  std::string severity;  // "warning" | "info"
  std::string metric;    // the series (for overfitting: the validation series)
  int64_t step = -1;     // where it starts
  std::string message;   // one line, with the numbers
};

std::vector<Anomaly> FindAnomalies(const LogMetrics& m);

bool LowerIsBetter(const std::string& metric_name);

}  // namespace mg::logs
