// The approval policy: thresholds on metrics, read from YAML.
//
//   metrics:                 # or the thresholds directly at the top level
//     accuracy: {min: 0.90}  # min / max inclusive, gt / lt strict; several may be combined
//     log_loss: {max: 0.3}
//
// Contract:
//  - Unknown metric names, unknown keys, non-numeric bounds and contradictory bounds (min above
//    max) are input errors naming the file, line and column, raised before any work is done.
//  - Every named metric becomes a required check: a metric the evaluation did not produce
//    fails its check (never a silent pass).
//  - DefaultPolicy(): the task's standard metrics must be present, no thresholds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "metrics/metrics.h"

namespace mg::policy {

struct Threshold {
  std::optional<double> min, max, gt, lt;
  bool empty() const { return !min && !max && !gt && !lt; }
  // "≥ 0.9", "> 0.9 and ≤ 1", "present" when empty.
  std::string Describe() const;
  bool Holds(double v) const;
};

struct Rule {
  std::string metric;
  Threshold threshold;
};

struct Policy {
  std::string source;  // file name, or "default"
  std::string text;    // the YAML as given
  std::vector<Rule> rules;
};

// known_metrics: names a rule may use.
Result<Policy> ParsePolicy(const std::string& yaml_text, const std::string& source_name,
                           const std::vector<std::string>& known_metrics);
Result<Policy> LoadPolicy(const std::string& path, const std::vector<std::string>& known_metrics);
Policy DefaultPolicy(const std::vector<std::string>& metric_names);

enum class Outcome { kPassed, kFailed };

struct Check {
  std::string name;
  std::optional<double> value;  // absent when the metric was not produced
  std::string threshold;        // Threshold::Describe()
  Outcome outcome = Outcome::kFailed;
  std::string reason;           // why it failed; empty when passed
};

struct Decision {
  bool approved = false;
  std::vector<Check> checks;
};

Decision Decide(const Policy& policy, const metrics::MetricSet& metrics);

}  // namespace mg::policy
