// Does the final validation metric in the training logs agree with the one modelgate
// recomputes on the evaluation data? A large difference hints at a wrong evaluation set, a
// leak between training and validation data, or a model that is not the logged one.
//
// Contract:
//  - Log metrics on the validation side ("validation:auc", "validation-logloss", "val_auc",
//    also "eval"/"valid") are mapped onto recomputed names: auc -> roc_auc, logloss -> log_loss,
//    error -> 1 - accuracy, accuracy, f1, precision, recall. Others are ignored.
//  - The log value is the series' last value, else FinalMetricDataList's.
//  - Default tolerances (absolute): auc 0.05, error/accuracy/f1/precision/recall 0.05,
//    logloss max(0.1, 50% of the recomputed value): the validation and evaluation sets are
//    different samples, so small differences are expected; `scale` multiplies them.
//  - A check is produced for every mapped metric with both values finite; agrees=false only
//    beyond tolerance.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "job/job.h"
#include "logs/logs.h"

namespace mg::logs {

struct MetricAgreement {
  std::string log_metric;  // "validation:auc"
  std::string metric;      // "roc_auc" (or "1-accuracy" for error)
  double log_value = 0;
  double recomputed = 0;   // in the log metric's terms (error: 1 - accuracy)
  double tolerance = 0;
  bool agrees = true;
  std::string message;
};

std::vector<MetricAgreement> CompareWithRecomputed(const LogMetrics& logs, const job::JobRecord* job,
                                                   const std::map<std::string, double>& recomputed, double scale = 1.0);

}  // namespace mg::logs
