// Policy parsing: every key, and every error naming file:line:column.
#include "policy/policy.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/testing.h"

namespace mg::policy {
namespace {

const std::vector<std::string> kKnown = {"accuracy", "precision", "recall", "f1", "roc_auc", "log_loss"};

Policy Parse(const std::string& yaml) {
  auto p = ParsePolicy(yaml, "p.yaml", kKnown);
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? *p : Policy{};
}

// The error message for a policy that must be refused.
std::string Error(const std::string& yaml) {
  auto p = ParsePolicy(yaml, "p.yaml", kKnown);
  EXPECT_FALSE(p.ok()) << yaml;
  if (p.ok()) return "";
  EXPECT_EQ(p.status().code(), Status::Code::kInput);
  return p.status().message();
}

TEST(PolicyParse, LegacyTopLevelThresholds) {
  Policy p = Parse("accuracy: {gt: 0.90}\nprecision: {gt: 0.85}\n");
  ASSERT_EQ(p.rules.size(), 2u);
  EXPECT_EQ(p.rules[0].metric, "accuracy");
  EXPECT_EQ(*p.rules[0].threshold.gt, 0.90);
  EXPECT_EQ(p.rules[0].level, Level::kFail);
  EXPECT_EQ(p.rules[1].threshold.Describe(), "> 0.85");
  EXPECT_EQ(p.on_pass, "PendingManualApproval");
}

TEST(PolicyParse, EveryKey) {
  Policy p = Parse(R"(version: 1
on_pass: Approved
stages:
  job_completed: warn
  artifact_safe: fail
  model_loads: {level: fail}
  logs_consistent: {max_diff: 0.02, level: warn}
  min_samples: {total: 200, per_class: 50}
metrics:
  accuracy: {min: 0.9, max: 1}
  roc_auc: {min: 0.9, on: lower, confidence: 0.9}
  log_loss: [{lt: 0.3}, {max_drop: 0.02, max_relative_drop: 0.1, level: warn}]
  recall: {gt: 0.5, max_drop: 0.01}
slices:
  - column: region
    min_size: 200
    thresholds: {recall: {min: 0.8}, roc_auc: {min: 0.8, on: upper, confidence: 0.9}}
  - {column: age_band, thresholds: {accuracy: {}}}
)");
  EXPECT_EQ(p.on_pass, "Approved");
  EXPECT_EQ(p.stages.job_completed, Level::kWarn);
  EXPECT_EQ(p.stages.artifact_safe, Level::kFail);
  EXPECT_EQ(p.stages.model_loads, Level::kFail);
  EXPECT_EQ(p.stages.logs_consistent, Level::kWarn);
  EXPECT_EQ(p.stages.logs_max_diff, 0.02);
  EXPECT_EQ(p.stages.min_samples, Level::kFail);
  EXPECT_EQ(p.stages.min_total, 200u);
  EXPECT_EQ(p.stages.min_per_class, 50u);
  ASSERT_EQ(p.rules.size(), 5u);
  EXPECT_EQ(p.rules[0].threshold.Describe(), "≥ 0.9 and ≤ 1");
  EXPECT_EQ(p.rules[1].on, Bound::kLower);
  EXPECT_EQ(p.rules[1].confidence, 0.9);
  EXPECT_EQ(p.rules[2].metric, "log_loss");
  EXPECT_EQ(*p.rules[2].threshold.lt, 0.3);
  EXPECT_TRUE(p.rules[2].has_bounds_check());
  EXPECT_FALSE(p.rules[2].has_baseline_check());
  EXPECT_EQ(p.rules[3].metric, "log_loss");
  EXPECT_EQ(*p.rules[3].max_drop, 0.02);
  EXPECT_EQ(*p.rules[3].max_relative_drop, 0.1);
  EXPECT_EQ(p.rules[3].level, Level::kWarn);
  EXPECT_FALSE(p.rules[3].has_bounds_check());
  EXPECT_TRUE(p.rules[4].has_bounds_check());
  EXPECT_TRUE(p.rules[4].has_baseline_check());
  ASSERT_EQ(p.slices.size(), 2u);
  EXPECT_EQ(p.slices[0].column, "region");
  EXPECT_EQ(p.slices[0].min_size, 200u);
  ASSERT_EQ(p.slices[0].rules.size(), 2u);
  EXPECT_EQ(p.slices[0].rules[1].on, Bound::kUpper);
  EXPECT_EQ(p.slices[1].min_size, 0u);
  EXPECT_TRUE(p.slices[1].rules[0].threshold.empty());
  EXPECT_EQ(p.IntervalsNeeded(), (std::map<std::string, double>{{"roc_auc", 0.9}}));
  EXPECT_EQ(p.SliceColumns(), (std::vector<std::string>{"region", "age_band"}));
}

TEST(PolicyParse, SingleSliceMappingAndStageDefaults) {
  Policy p = Parse("metrics: {accuracy: {min: 0.5}}\nslices: {column: region, min_size: 10, thresholds: {f1: {min: 0.7}}}\n");
  ASSERT_EQ(p.slices.size(), 1u);
  EXPECT_EQ(p.slices[0].min_size, 10u);
  EXPECT_EQ(p.stages.job_completed, Level::kFail);
  EXPECT_EQ(p.stages.artifact_safe, Level::kFail);
  EXPECT_EQ(p.stages.model_loads, Level::kFail);
  EXPECT_EQ(p.stages.logs_consistent, Level::kOff);
  EXPECT_EQ(p.stages.min_samples, Level::kOff);
  EXPECT_TRUE(p.IntervalsNeeded().empty());
}

// YAML 1.1 tools read a bare `on` as true; the quoted key means the same to modelgate.
TEST(PolicyParse, QuotedOnKey) {
  Policy p = Parse("roc_auc: {min: 0.9, \"on\": lower}\n");
  ASSERT_EQ(p.rules.size(), 1u);
  EXPECT_EQ(p.rules[0].on, Bound::kLower);
}

TEST(PolicyParse, ThresholdSemantics) {
  Threshold t;
  t.min = 0.9;
  EXPECT_TRUE(t.Holds(0.9));  // inclusive
  t = {};
  t.gt = 0.9;
  EXPECT_FALSE(t.Holds(0.9));  // strict
  EXPECT_TRUE(t.Holds(0.9000001));
  t = {};
  t.max = 0.3;
  EXPECT_TRUE(t.Holds(0.3));
  t = {};
  t.lt = 0.3;
  EXPECT_FALSE(t.Holds(0.3));
  EXPECT_FALSE(Threshold{}.Holds(std::nan("")));
  EXPECT_TRUE(Threshold{}.Holds(0));
}

TEST(PolicyErrors, UnknownMetric) {
  EXPECT_EQ(Error("metrics:\n  acuracy: {min: 0.9}\n"),
            "p.yaml:2:3: unknown metric 'acuracy' (known: accuracy, precision, recall, f1, roc_auc, log_loss)");
  EXPECT_TRUE(Error("acuracy: {min: 0.9}\n").starts_with("p.yaml:1:1: unknown metric 'acuracy' (known: "));
}

TEST(PolicyErrors, UnknownMetricInSlice) {
  EXPECT_EQ(Error("slices:\n  column: region\n  thresholds:\n    recal: {min: 0.8}\n").substr(0, 37),
            "p.yaml:4:5: unknown metric 'recal' (k");
}

TEST(PolicyErrors, UnknownKeys) {
  EXPECT_EQ(Error("accuracy: {mn: 0.9}\n"),
            "p.yaml:1:12: unknown key 'mn' in the rule for 'accuracy' (expected min, max, gt, lt, on, confidence, "
            "level, max_drop, max_relative_drop)");
  EXPECT_EQ(Error("metrics: {accuracy: {min: 0.9}}\nthresholds: {}\n"),
            "p.yaml:2:1: unknown key 'thresholds' in the policy (expected version, on_pass, stages, metrics, slices)");
  EXPECT_EQ(Error("stages:\n  job_complete: fail\n"),
            "p.yaml:2:3: unknown key 'job_complete' in stages (expected job_completed, artifact_safe, model_loads, "
            "logs_consistent, min_samples)");
  EXPECT_EQ(Error("stages:\n  min_samples: {total: 10, per_klass: 3}\n"),
            "p.yaml:2:28: unknown key 'per_klass' in stages.min_samples (expected level, total, per_class)");
  EXPECT_EQ(Error("slices: {column: region, size: 3, thresholds: {f1: {}}}\n"),
            "p.yaml:1:26: unknown key 'size' in a slice (expected column, min_size, thresholds)");
  // Baseline comparisons are for the whole eval set only.
  EXPECT_EQ(Error("slices: {column: region, thresholds: {f1: {max_drop: 0.1}}}\n"),
            "p.yaml:1:44: unknown key 'max_drop' in the rule for 'f1' (expected min, max, gt, lt, on, confidence, level)");
}

TEST(PolicyErrors, WrongTypes) {
  EXPECT_EQ(Error("accuracy: {min: high}\n"), "p.yaml:1:17: accuracy.min must be a finite number, got 'high'");
  EXPECT_EQ(Error("accuracy: {min: [1]}\n"), "p.yaml:1:17: accuracy.min must be a number");
  EXPECT_EQ(Error("accuracy: {min: .nan}\n"), "p.yaml:1:17: accuracy.min must be a finite number, got '.nan'");
  EXPECT_EQ(Error("accuracy: 0.9\n"),
            "p.yaml:1:11: a rule for 'accuracy' must be a mapping like {min: 0.9} (or a list of them)");
  EXPECT_EQ(Error("metrics:\n  accuracy: {min: 0.9, level: maybe}\n"),
            "p.yaml:2:31: accuracy.level must be one of fail, warn, got 'maybe'");
  EXPECT_EQ(Error("accuracy: {min: 0.9, on: mean}\n"),
            "p.yaml:1:26: accuracy.on must be one of value, lower, upper, got 'mean'");
  EXPECT_EQ(Error("on_pass: approved\nmetrics: {f1: {}}\n"),
            "p.yaml:1:10: on_pass must be one of PendingManualApproval, Approved, got 'approved'");
  EXPECT_EQ(Error("stages: {job_completed: maybe}\n"),
            "p.yaml:1:25: stages.job_completed must be one of fail, warn, off, got 'maybe'");
  EXPECT_EQ(Error("stages: {min_samples: {total: -5}}\n"),
            "p.yaml:1:31: stages.min_samples.total must be a whole number ≥ 0, got '-5'");
  EXPECT_EQ(Error("stages: {min_samples: {per_class: 2.5}}\n"),
            "p.yaml:1:35: stages.min_samples.per_class must be a whole number ≥ 0, got '2.5'");
  EXPECT_EQ(Error("stages: {min_samples: fail}\n"),
            "p.yaml:1:23: stages.min_samples needs a mapping like {total: 200, per_class: 50}");
  EXPECT_EQ(Error("metrics: [accuracy]\n"), "p.yaml:1:10: metrics must be a mapping");
  EXPECT_EQ(Error("version: 2\nmetrics: {f1: {}}\n"), "p.yaml:1:10: version must be 1");
  EXPECT_EQ(Error("recall: {min: 0.5, max_drop: -0.1}\n"),
            "p.yaml:1:30: recall.max_drop must be ≥ 0 (a drop is counted positive)");
  EXPECT_EQ(Error("roc_auc: {min: 0.5, on: lower, confidence: 95}\n"),
            "p.yaml:1:44: roc_auc.confidence must be between 0 and 1 (e.g. 0.95)");
  EXPECT_EQ(Error("recall: []\n"), "p.yaml:1:9: the rules for 'recall' are an empty list");
}

TEST(PolicyErrors, Contradictions) {
  EXPECT_EQ(Error("accuracy: {min: 0.9, max: 0.8}\n"),
            "p.yaml:1:11: no value can satisfy the bounds for 'accuracy' (≥ 0.9 and ≤ 0.8)");
  EXPECT_EQ(Error("metrics:\n  log_loss: {gt: 0.3, lt: 0.3}\n"),
            "p.yaml:2:13: no value can satisfy the bounds for 'log_loss' (> 0.3 and < 0.3)");
  EXPECT_EQ(Error("recall: {max_drop: 0.1, on: lower}\n"),
            "p.yaml:1:25: 'on' applies to min, max, gt or lt; the rule for 'recall' has none");
  EXPECT_EQ(Error("recall: {min: 0.1, confidence: 0.9}\n"),
            "p.yaml:1:20: 'confidence' needs 'on: lower' or 'on: upper' in the rule for 'recall'");
  EXPECT_EQ(Error("slices: {thresholds: {f1: {}}}\n"),
            "p.yaml:1:9: a slice needs 'column' (the eval data column to slice by)");
  EXPECT_EQ(Error("slices: {column: region}\n"),
            "p.yaml:1:9: a slice needs 'thresholds' (metric rules for each slice)");
}

TEST(PolicyErrors, TwoIntervalLevelsForOneMetric) {
  EXPECT_EQ(Error("roc_auc: [{min: 0.8, on: lower}, {max: 0.99, on: upper, confidence: 0.9}]\n"),
            "p.yaml:1:34: the rules on roc_auc's confidence interval ask for two levels (0.95 and 0.9); use one");
}

TEST(PolicyErrors, DuplicatesAndSyntax) {
  EXPECT_EQ(Error("accuracy: {min: 0.9}\naccuracy: {min: 0.8}\n"), "p.yaml:2:1: 'accuracy' is given twice in the policy");
  EXPECT_EQ(Error("accuracy: {min: 0.9, min: 0.8}\n"),
            "p.yaml:1:22: 'min' is given twice in the rule for 'accuracy'");
  EXPECT_EQ(Error("accuracy: {min: 0.9\n").substr(0, 25), "p.yaml:2:1: invalid YAML:");
  EXPECT_EQ(Error(""), "p.yaml: empty policy (expected metric thresholds)");
  EXPECT_EQ(Error("- accuracy\n"), "p.yaml:1:1: a policy is a mapping (metrics, slices, stages, on_pass)");
}

TEST(PolicyErrors, LoadPolicyNamesTheFile) {
  mg::testing::TempDir dir;
  std::string path = dir.Write("gate.yaml", "metrics:\n  accuracy: {gt: 0.9}\n  precison: {gt: 0.85}\n");
  auto p = LoadPolicy(path, kKnown);
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(p.status().message().starts_with(path + ":3:3: unknown metric 'precison' (known: ")) << p.status().message();
  auto missing = LoadPolicy(dir.Path("nope.yaml"), kKnown);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nope.yaml"), std::string::npos);
}

TEST(PolicyParse, DefaultPolicy) {
  Policy p = DefaultPolicy({"accuracy", "f1"});
  ASSERT_EQ(p.rules.size(), 2u);
  EXPECT_TRUE(p.rules[0].threshold.empty());
  EXPECT_TRUE(p.rules[0].has_bounds_check());
  EXPECT_EQ(p.source, "default");
}

}  // namespace
}  // namespace mg::policy
