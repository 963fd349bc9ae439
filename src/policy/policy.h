// The approval policy, read from YAML (every key is documented in docs/policy.md, schema in
// docs/policy.schema.json):
//
//   on_pass: PendingManualApproval      # or Approved: the registry status a passing model gets
//   stages:                             # checks on the stages before the metrics
//     job_completed: fail               # fail | warn | off (also {level: ...})
//     min_samples: {total: 200, per_class: 50}
//     logs_consistent: {max_diff: 0.05, level: warn}
//   metrics:                            # or the thresholds directly at the top level (legacy)
//     accuracy: {gt: 0.90}              # min / max inclusive, gt / lt strict
//     roc_auc: {min: 0.9, on: lower}    # judge the lower bound of the confidence interval
//     log_loss: [{max: 0.3}, {max_drop: 0.02, level: warn}]   # a list: several rules
//   slices:                             # one mapping or a list of them
//     {column: region, min_size: 200, thresholds: {recall: {min: 0.8}}}
//
// Contract:
//  - Unknown metric names (not in known_metrics), unknown keys, values of the wrong type and
//    contradictory bounds (min above max) are Status::Input errors whose message starts with
//    "<file>:<line>:<column>: ", raised by ParsePolicy before any other work is done.
//  - A rule is a threshold on the point value or a confidence bound, and/or a maximum drop
//    against the baseline model (max_drop absolute, max_relative_drop a fraction; the direction
//    of each metric is known, see LowerIsBetter in decide.h). Each rule has a level: a failed
//    `warn` rule warns and does not reject.
//  - Check and Decision are plain data (rendered by report/, stored by registry/).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace mg::policy {

enum class Level { kFail, kWarn, kOff };
const char* LevelName(Level l);  // "fail" | "warn" | "off"

// Which number of a metric a threshold judges.
enum class Bound { kValue, kLower, kUpper };
const char* BoundName(Bound b);  // "value" | "lower" | "upper"

struct Threshold {
  std::optional<double> min, max, gt, lt;
  bool empty() const { return !min && !max && !gt && !lt; }
  // "≥ 0.9", "> 0.9 and ≤ 1", "present" when empty.
  std::string Describe() const;
  bool Holds(double v) const;  // false for NaN
};

struct Rule {
  std::string metric;
  Threshold threshold;  // empty: the metric must be present (unless the rule is a drop only)
  Bound on = Bound::kValue;
  double confidence = 0.95;  // interval level, when on != kValue
  std::optional<double> max_drop, max_relative_drop;  // baseline comparison
  Level level = Level::kFail;
  bool has_bounds_check() const { return !threshold.empty() || (!max_drop && !max_relative_drop); }
  bool has_baseline_check() const { return max_drop || max_relative_drop; }
};

struct SliceSpec {
  std::string column;
  size_t min_size = 0;  // slices with fewer rows are skipped, not judged
  std::vector<Rule> rules;
};

struct StageSpec {
  Level job_completed = Level::kFail;
  Level artifact_safe = Level::kFail;
  Level model_loads = Level::kFail;
  Level logs_consistent = Level::kOff;
  double logs_max_diff = 0.05;  // |training-log metric - eval metric|
  Level min_samples = Level::kOff;
  size_t min_total = 0, min_per_class = 0;
};

struct Policy {
  std::string source;  // file name, or "default"
  std::string text;    // the YAML as given
  std::string on_pass = "PendingManualApproval";  // or "Approved" (SageMaker's spelling)
  StageSpec stages;
  std::vector<Rule> rules;
  std::vector<SliceSpec> slices;

  // Metric -> interval level for every rule judged on a confidence bound (slices included):
  // the metrics stage must compute these intervals.
  std::map<std::string, double> IntervalsNeeded() const;
  // Columns the evaluation must slice by.
  std::vector<std::string> SliceColumns() const;
};

// known_metrics: names a rule may use (the metrics module's list).
Result<Policy> ParsePolicy(const std::string& yaml_text, const std::string& source_name,
                           const std::vector<std::string>& known_metrics);
Result<Policy> LoadPolicy(const std::string& path, const std::vector<std::string>& known_metrics);
// The given metrics must be present, no thresholds; default stage checks.
Policy DefaultPolicy(const std::vector<std::string>& metric_names);

enum class Outcome { kPassed, kFailed, kWarned, kSkipped };
const char* OutcomeName(Outcome o);  // "passed" | "failed" | "warned" | "skipped"

struct Check {
  std::string kind;       // "stage" | "metric" | "slice" | "baseline"
  std::string name;       // metric name ("accuracy") or stage name ("min_samples")
  std::string qualifier;  // "95% CI lower bound", "region=EU", "vs v3"; empty for plain rules
  Level level = Level::kFail;
  std::optional<double> value;  // the judged number; absent when missing or not numeric
  std::string value_text;       // for non-numeric values ("Completed"); else empty
  std::string threshold;        // what was required, human-readable
  Outcome outcome = Outcome::kFailed;
  std::string reason;           // why it did not pass (or why skipped); empty when passed
  std::optional<double> baseline;  // the baseline's value, when compared
  std::optional<double> delta;     // value - baseline
  std::string baseline_label;      // e.g. "v3"
};

struct Decision {
  bool approved = false;       // no check with outcome kFailed
  std::string status;          // registry status: policy on_pass when approved, else "Rejected"
  std::vector<Check> checks;
  std::vector<std::string> next_steps;  // "register it", or what to change, one per line
};

}  // namespace mg::policy
