#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "metrics/metrics.h"

namespace mg::metrics {

const std::vector<std::string>& BinaryMetricNames() {
  static const std::vector<std::string> kNames = {"accuracy", "precision", "recall", "f1", "roc_auc", "log_loss"};
  return kNames;
}

double RocAuc(std::span<const double> score, std::span<const unsigned char> positive) {
  const size_t n = score.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] < score[b]; });
  // Sum of (1-based, tie-averaged) ranks of the positives.
  double rank_sum = 0;
  double n_pos = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    double pos_in_group = 0;
    while (j < n && score[order[j]] == score[order[i]]) {
      pos_in_group += positive[order[j]];
      ++j;
    }
    double avg_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    rank_sum += avg_rank * pos_in_group;
    n_pos += pos_in_group;
    i = j;
  }
  double n_neg = static_cast<double>(n) - n_pos;
  return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg);
}

Result<MetricSet> ComputeBinary(std::span<const double> y_true, std::span<const double> score,
                                const BinaryOptions& opt) {
  if (y_true.size() != score.size())
    return Status::Input("labels and scores differ in length (" + std::to_string(y_true.size()) + " vs " +
                         std::to_string(score.size()) + ")");
  const size_t n = y_true.size();
  if (n == 0) return Status::Input("no rows to evaluate");
  std::vector<double> labels;
  std::vector<unsigned char> pos(n);
  double tp = 0, fp = 0, tn = 0, fn = 0;
  const double eps = std::numeric_limits<double>::epsilon();
  double log_loss_sum = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(score[i]))
      return Status::Input("row " + std::to_string(i + 1) + ": score is not a finite number");
    if (!std::isfinite(y_true[i]))
      return Status::Input("row " + std::to_string(i + 1) + ": label is not a finite number");
    if (std::find(labels.begin(), labels.end(), y_true[i]) == labels.end()) {
      labels.push_back(y_true[i]);
      if (labels.size() > 2)
        return Status::Input("row " + std::to_string(i + 1) + ": a third label value (" + std::to_string(y_true[i]) +
                             ") in a binary task");
    }
    const bool p = y_true[i] == opt.pos_label;
    const bool predicted = score[i] > opt.threshold;
    pos[i] = p;
    if (p) (predicted ? tp : fn) += 1;
    else (predicted ? fp : tn) += 1;
    // scikit-learn: clip p to [eps, 1-eps], form the row [1-p, p], renormalise, -log of the true one.
    double q = std::clamp(score[i], eps, 1 - eps);
    double q0 = 1 - q;
    double s = q + q0;
    log_loss_sum += -std::log((p ? q : q0) / s);
  }
  if (labels.size() == 2 && std::find(labels.begin(), labels.end(), opt.pos_label) == labels.end())
    return Status::Input("pos_label " + std::to_string(opt.pos_label) + " is not one of the label values");
  std::sort(labels.begin(), labels.end());

  MetricSet m;
  m.task = "binary";
  m.n = n;
  const double dn = static_cast<double>(n);
  m.values["accuracy"] = (tp + tn) / dn;
  m.values["precision"] = (tp + fp) > 0 ? tp / (tp + fp) : opt.zero_division;
  m.values["recall"] = (tp + fn) > 0 ? tp / (tp + fn) : opt.zero_division;
  // scikit-learn >= 1.3 formula, identical to 1.2's on every input where 1.2 is not buggy.
  double denom = 2 * tp + fp + fn;
  m.values["f1"] = denom > 0 ? 2 * tp / denom : opt.zero_division;
  const double n_pos = tp + fn;
  if (n_pos == 0 || n_pos == dn) {
    m.undefined["roc_auc"] = "only one class is present in the labels; ROC AUC is not defined";
  } else {
    m.values["roc_auc"] = RocAuc(score, pos);
  }
  if (labels.size() < 2) {
    m.undefined["log_loss"] = "only one label value is present; log_loss needs both classes";
  } else {
    m.values["log_loss"] = log_loss_sum / dn;
  }
  // Confusion matrix over the sorted label values: negative label first when it sorts first.
  m.confusion.labels = labels;
  if (labels.size() == 1) {
    m.confusion.counts = {{labels[0] == opt.pos_label ? tp + fn : tn + fp}};
  } else {
    const bool pos_first = labels[0] == opt.pos_label;
    std::vector<std::vector<double>> neg_pos = {{tn, fp}, {fn, tp}};
    if (pos_first) neg_pos = {{tp, fn}, {fp, tn}};
    m.confusion.counts = neg_pos;
  }
  return m;
}

}  // namespace mg::metrics
