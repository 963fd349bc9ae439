// The decision: the policy applied to what the pipeline found.
//
// Contract:
//  - Every rule becomes one check (a rule with both bounds and a drop becomes two; a slice rule
//    one per slice value); every enabled stage check becomes one check. Outcomes:
//      passed   the requirement holds;
//      failed   it does not, on a `fail` rule: the model is rejected;
//      warned   it does not, on a `warn` rule; or the baseline was scored on other eval data;
//      skipped  it could not be judged and that is nobody's fault: no baseline yet, the
//               baseline lacks the metric, a slice smaller than min_size, a stage not run.
//  - A metric a rule names that the evaluation did not produce (or whose confidence interval
//    was not computed) is failed (warned on a warn rule), never passed or skipped.
//  - Baseline: drop = baseline - value for higher-is-better metrics, value - baseline for
//    lower-is-better ones (LowerIsBetter); relative drop = drop / |baseline|. Limits are
//    inclusive. A baseline whose eval data sha256 differs from (or is unknown, unlike) the
//    candidate's makes each comparison `warned`, stating so, whatever its result.
//  - approved == no check failed; status == policy.on_pass when approved, else "Rejected".
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/metrics.h"
#include "policy/policy.h"

namespace mg::policy {

// The latest Approved version of the model group (the registry provides it).
struct Baseline {
  std::string label;                     // shown in the table, e.g. "v3"
  std::map<std::string, double> metrics;
  std::string eval_data_sha256;          // empty: unknown
};

// The result of a stage the pipeline ran: ok or not, what it saw, why not.
struct StageResult {
  bool ok = false;
  std::string value;   // e.g. "Completed", "xgboost-binary"
  std::string reason;  // when !ok
};

// A metric the training logs report next to the same metric computed on the eval data.
struct LogComparison {
  std::string log_metric;   // e.g. "validation:auc"
  double log_value = 0;
  std::string eval_metric;  // e.g. "roc_auc"
  double eval_value = 0;
};

struct SliceResult {
  std::string column, value;
  metrics::MetricSet metrics;
};

struct Evidence {
  // Keys "job_completed", "artifact_safe", "model_loads"; a stage absent here was not run
  // (its check is skipped).
  std::map<std::string, StageResult> stages;
  std::optional<metrics::MetricSet> metrics;  // absent: the evaluation did not run
  std::vector<SliceResult> slices;
  std::vector<LogComparison> logs;
  std::optional<Baseline> baseline;           // absent: no approved version yet
  std::string eval_data_sha256;
  // Why metrics is absent (e.g. "the model did not load"): the reason of skipped metric checks
  // when a fail-level stage check already failed.
  std::string not_evaluated_reason;
};

// log_loss, brier_score, *_loss, *error*, mae, mse, rmse, mape...: lower is better.
bool LowerIsBetter(std::string_view metric);

Decision Decide(const Policy& policy, const Evidence& evidence);
// Only the metric rules against one MetricSet (no stages, slices or baseline).
Decision Decide(const Policy& policy, const metrics::MetricSet& metrics);

}  // namespace mg::policy
