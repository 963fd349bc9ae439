#include "metrics/metrics.h"

namespace mg::metrics {

const char* TaskName(Task t) {
  switch (t) {
    case Task::kBinary: return "binary";
    case Task::kMulticlass: return "multiclass";
    case Task::kRegression: return "regression";
  }
  return "binary";
}

Result<Task> ParseTask(std::string_view name) {
  if (name == "binary") return Task::kBinary;
  if (name == "multiclass") return Task::kMulticlass;
  if (name == "regression") return Task::kRegression;
  return Status::Input("unknown task '" + std::string(name) + "' (known: binary, multiclass, regression)");
}

const std::vector<std::string>& MetricNames(Task t) {
  static const std::vector<std::string> kBinary = {
      "accuracy", "balanced_accuracy", "precision", "recall", "f1", "fbeta", "specificity", "npv",
      "false_positive_rate", "matthews_corrcoef", "cohen_kappa", "roc_auc", "average_precision", "log_loss",
      "brier_score"};
  static const std::vector<std::string> kMulticlass = {
      "accuracy", "balanced_accuracy", "precision_macro", "precision_micro", "precision_weighted",
      "recall_macro", "recall_micro", "recall_weighted", "f1_macro", "f1_micro", "f1_weighted",
      "matthews_corrcoef", "cohen_kappa", "log_loss", "roc_auc_ovr", "roc_auc_ovr_weighted", "roc_auc_ovo",
      "roc_auc_ovo_weighted", "top_k_accuracy"};
  static const std::vector<std::string> kRegression = {
      "r2", "mean_absolute_error", "mean_squared_error", "root_mean_squared_error",
      "mean_absolute_percentage_error", "median_absolute_error", "max_error", "explained_variance"};
  switch (t) {
    case Task::kBinary: return kBinary;
    case Task::kMulticlass: return kMulticlass;
    case Task::kRegression: return kRegression;
  }
  return kBinary;
}

const std::vector<std::string>& BinaryMetricNames() { return MetricNames(Task::kBinary); }

Result<MetricSet> Compute(Task task, const Inputs& in, const Options& opt) {
  auto one = [&]() -> Result<std::span<const double>> {
    if (in.scores.size() != 1)
      return Status::Input(std::string("a ") + TaskName(task) + " task takes one score column, got " +
                           std::to_string(in.scores.size()));
    return in.scores[0];
  };
  switch (task) {
    case Task::kBinary: {
      MG_ASSIGN_OR_RETURN(auto s, one());
      return ComputeBinary(in.y_true, s, opt, in.weight);
    }
    case Task::kRegression: {
      MG_ASSIGN_OR_RETURN(auto s, one());
      return ComputeRegression(in.y_true, s, opt, in.weight);
    }
    case Task::kMulticlass: return ComputeMulticlass(in.y_true, in.scores, opt, in.weight);
  }
  return Status::Internal("unknown task");
}

}  // namespace mg::metrics
