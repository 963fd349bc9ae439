// evaluation.json: SageMaker's model quality report format, the file a SageMaker Pipelines
// ConditionStep reads with JsonGet (e.g. binary_classification_metrics.accuracy.value).
//
//   {"binary_classification_metrics": {
//      "accuracy": {"value": 0.94, "standard_deviation": 0.01}, ...,
//      "confusion_matrix": {"<true>": {"<pred>": n}},
//      "receiver_operating_characteristic_curve": {"false_positive_rates": [], "true_positive_rates": []},
//      "precision_recall_curve": {"precisions": [], "recalls": []}}}
//
// standard_deviation: from the metric's confidence interval when there is one (normal
// approximation: interval width / (2 z)), else "NaN" as SageMaker writes an unknown value.
#include <cmath>

#include "report/common.h"
#include "report/curves.h"
#include "report/report.h"

namespace mg::report {
namespace {

using ojson = nlohmann::ordered_json;

// z such that P(|Z| <= z) = level, by bisection on erf.
double TwoSidedZ(double level) {
  double lo = 0, hi = 10;
  for (int i = 0; i < 100; ++i) {
    double mid = (lo + hi) / 2;
    (std::erf(mid / std::sqrt(2.0)) < level ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

ojson StandardDeviation(const metrics::MetricSet& m, const std::string& name) {
  auto it = m.ci.find(name);
  if (it == m.ci.end() || !(it->second.level > 0 && it->second.level < 1)) return "NaN";
  double sd = (it->second.upper - it->second.lower) / (2 * TwoSidedZ(it->second.level));
  return internal::JsonNumber(sd);
}

// "0", "1", "2.5": a label as SageMaker keys it.
std::string LabelName(double l) {
  std::string s = nlohmann::json(l).dump();
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
  return s;
}

}  // namespace

ojson ToSageMakerEvaluation(const Report& r) {
  ojson o = ojson::object();
  if (!r.evaluation) return o;
  const Evaluation& e = *r.evaluation;
  const auto& m = e.metrics;
  const char* section = m.task == "binary"       ? "binary_classification_metrics"
                        : m.task == "multiclass" ? "multiclass_classification_metrics"
                                                 : "regression_metrics";
  ojson s = ojson::object();
  for (const auto& [k, v] : m.values)
    s[k] = {{"value", internal::JsonNumber(v)}, {"standard_deviation", StandardDeviation(m, k)}};
  // SageMaker Model Monitor calls ROC AUC "auc"; give both names.
  if (auto it = m.values.find("roc_auc"); it != m.values.end() && !m.values.contains("auc"))
    s["auc"] = {{"value", internal::JsonNumber(it->second)}, {"standard_deviation", StandardDeviation(m, "roc_auc")}};
  if (m.task != "regression" && !m.confusion.labels.empty()) {
    ojson cm = ojson::object();
    const size_t k = m.confusion.labels.size();
    for (size_t i = 0; i < k && i < m.confusion.counts.size(); ++i) {
      ojson row = ojson::object();
      for (size_t j = 0; j < k && j < m.confusion.counts[i].size(); ++j)
        row[LabelName(m.confusion.labels[j])] = m.confusion.counts[i][j];
      cm[LabelName(m.confusion.labels[i])] = row;
    }
    s["confusion_matrix"] = cm;
  }
  if (m.task == "binary") {
    Curve roc = RocCurve(e.y_true, e.scores, e.pos_label);
    if (!roc.empty())
      s["receiver_operating_characteristic_curve"] = {{"false_positive_rates", roc.x}, {"true_positive_rates", roc.y}};
    Curve pr = PrCurve(e.y_true, e.scores, e.pos_label);
    if (!pr.empty()) s["precision_recall_curve"] = {{"precisions", pr.y}, {"recalls", pr.x}};
  }
  o[section] = s;
  return o;
}

}  // namespace mg::report
