// The decision: every rule becomes a check; approved only when no fail-level check failed.
#include "policy/decide.h"

#include <gtest/gtest.h>

#include "core/testing.h"

namespace mg::policy {
namespace {

const std::vector<std::string> kKnown = {"accuracy", "precision", "recall", "f1", "roc_auc", "log_loss"};

Policy Parse(const std::string& yaml) {
  auto p = ParsePolicy(yaml, "p.yaml", kKnown);
  EXPECT_TRUE(p.ok()) << p.status().message();
  return p.ok() ? *p : Policy{};
}

metrics::MetricSet Metrics(std::map<std::string, double> values, size_t n = 1000) {
  metrics::MetricSet m;
  m.task = "binary";
  m.n = n;
  m.values = std::move(values);
  return m;
}

const Check& Find(const Decision& d, const std::string& kind, const std::string& name, const std::string& qualifier = "") {
  for (const Check& c : d.checks)
    if (c.kind == kind && c.name == name && (qualifier.empty() || c.qualifier == qualifier)) return c;
  static const Check kNone = [] {
    Check c;
    c.kind = "none";
    return c;
  }();
  ADD_FAILURE() << "no check " << kind << " " << name << " " << qualifier;
  return kNone;
}

// The seed's example, with the seed's policy file: every check passes, the model is approved.
TEST(Decide, SeedExamplePasses) {
  auto p = LoadPolicy(mg::testing::SourcePath("examples/policies/seed.yaml"), kKnown);
  ASSERT_TRUE(p.ok()) << p.status().message();
  Evidence e;
  e.metrics = Metrics({{"accuracy", 0.912}, {"precision", 0.908}, {"recall", 0.901}, {"f1", 0.905}});
  Decision d = Decide(*p, e);
  EXPECT_TRUE(d.approved);
  EXPECT_EQ(d.status, "PendingManualApproval");
  std::vector<std::string> names;
  for (const Check& c : d.checks) {
    if (c.kind != "metric") continue;
    names.push_back(c.name);
    EXPECT_EQ(c.outcome, Outcome::kPassed) << c.name;
    EXPECT_TRUE(c.reason.empty());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"accuracy", "precision", "recall", "f1"}));
  EXPECT_EQ(Find(d, "metric", "accuracy").threshold, "> 0.9");
  EXPECT_EQ(*Find(d, "metric", "accuracy").value, 0.912);
  EXPECT_EQ(Find(d, "metric", "precision").threshold, "> 0.85");
  ASSERT_FALSE(d.next_steps.empty());
  EXPECT_EQ(d.next_steps[0], "register it (registry status PendingManualApproval)");

  // The same numbers just below the seed's thresholds reject, and say what to change.
  e.metrics = Metrics({{"accuracy", 0.90}, {"precision", 0.908}, {"recall", 0.85}, {"f1", 0.905}});
  d = Decide(*p, e);
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(d.status, "Rejected");
  EXPECT_EQ(Find(d, "metric", "accuracy").outcome, Outcome::kFailed);
  EXPECT_EQ(Find(d, "metric", "accuracy").reason, "0.9 is not > 0.9");
  EXPECT_EQ(Find(d, "metric", "recall").outcome, Outcome::kFailed);
  ASSERT_EQ(d.next_steps.size(), 2u);
  EXPECT_EQ(d.next_steps[0], "bring accuracy to > 0.9 (now 0.9): adjust data, features or hyperparameters and retrain");
}

TEST(Decide, OnPassApproved) {
  Decision d = Decide(Parse("on_pass: Approved\nmetrics: {accuracy: {min: 0.5}}\n"), Metrics({{"accuracy", 0.6}}));
  EXPECT_TRUE(d.approved);
  EXPECT_EQ(d.status, "Approved");
}

TEST(Decide, MissingMetricFailsNeverPasses) {
  metrics::MetricSet m = Metrics({{"accuracy", 0.95}});
  m.undefined["roc_auc"] = "only one class in y_true";
  Decision d = Decide(Parse("accuracy: {min: 0.9}\nroc_auc: {min: 0.8}\nf1: {}\n"), m);
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(Find(d, "metric", "roc_auc").outcome, Outcome::kFailed);
  EXPECT_EQ(Find(d, "metric", "roc_auc").reason, "roc_auc is undefined: only one class in y_true");
  EXPECT_FALSE(Find(d, "metric", "roc_auc").value);
  EXPECT_EQ(Find(d, "metric", "f1").outcome, Outcome::kFailed);
  EXPECT_EQ(Find(d, "metric", "f1").reason, "the evaluation did not produce f1");
  // On a warn rule a missing metric warns: still not a pass.
  d = Decide(Parse("accuracy: {min: 0.9}\nf1: {min: 0.5, level: warn}\n"), m);
  EXPECT_TRUE(d.approved);
  EXPECT_EQ(Find(d, "metric", "f1").outcome, Outcome::kWarned);
}

TEST(Decide, WarnLevelFailureApprovesWithAWarning) {
  Decision d = Decide(Parse("accuracy: {min: 0.9}\nrecall: {min: 0.95, level: warn}\n"),
                      Metrics({{"accuracy", 0.93}, {"recall", 0.91}}));
  EXPECT_TRUE(d.approved);
  EXPECT_EQ(d.status, "PendingManualApproval");
  const Check& c = Find(d, "metric", "recall");
  EXPECT_EQ(c.outcome, Outcome::kWarned);
  EXPECT_EQ(c.level, Level::kWarn);
  EXPECT_EQ(c.reason, "0.91 is not ≥ 0.95");
  ASSERT_EQ(d.next_steps.size(), 2u);
  EXPECT_EQ(d.next_steps[1], "review the warning on recall: 0.91 is not ≥ 0.95");
}

// A tiny eval set: the point value passes, the 95% lower bound does not.
TEST(Decide, LowerBoundOnTinyEvalSetRejects) {
  Policy p = Parse("metrics:\n  roc_auc: {min: 0.9, on: lower}\n");
  EXPECT_EQ(p.IntervalsNeeded(), (std::map<std::string, double>{{"roc_auc", 0.95}}));
  metrics::MetricSet m = Metrics({{"roc_auc", 0.95}}, 30);
  m.ci["roc_auc"] = metrics::Interval{0.82, 1.0, 0.95, "delong"};
  Decision d = Decide(p, m);
  EXPECT_FALSE(d.approved);
  const Check& c = Find(d, "metric", "roc_auc");
  EXPECT_EQ(c.qualifier, "95% CI lower bound");
  EXPECT_EQ(*c.value, 0.82);
  EXPECT_EQ(c.outcome, Outcome::kFailed);
  EXPECT_EQ(c.reason,
            "95% CI [0.82, 1] (delong): the lower bound 0.82 is not ≥ 0.9, although the point value 0.95 is: too "
            "little evidence (more eval data narrows the interval)");
  // The point-value rule alone would pass.
  EXPECT_TRUE(Decide(Parse("roc_auc: {min: 0.9}\n"), m).approved);
  // A large eval set narrows the interval: approved.
  m.ci["roc_auc"] = metrics::Interval{0.93, 0.97, 0.95, "delong"};
  EXPECT_TRUE(Decide(p, m).approved);
}

TEST(Decide, UpperBoundAndMissingOrMismatchedInterval) {
  metrics::MetricSet m = Metrics({{"log_loss", 0.2}});
  Decision d = Decide(Parse("log_loss: {max: 0.3, on: upper}\n"), m);
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(Find(d, "metric", "log_loss").reason, "no 95% confidence interval was computed for log_loss");
  m.ci["log_loss"] = metrics::Interval{0.15, 0.28, 0.95, "bootstrap"};
  EXPECT_TRUE(Decide(Parse("log_loss: {max: 0.3, on: upper}\n"), m).approved);
  d = Decide(Parse("log_loss: {max: 0.3, on: upper, confidence: 0.99}\n"), m);
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(Find(d, "metric", "log_loss").reason, "the interval computed for log_loss is 95%, the rule asks for 99%");
}

Evidence WithBaseline(std::map<std::string, double> cand, std::map<std::string, double> base, bool same_data = true) {
  Evidence e;
  e.metrics = Metrics(std::move(cand));
  e.eval_data_sha256 = std::string(64, 'a');
  e.baseline = Baseline{"v3", std::move(base), same_data ? std::string(64, 'a') : std::string(64, 'b')};
  return e;
}

TEST(Decide, BaselineRegressionBeyondMaxDropRejects) {
  Policy p = Parse("metrics:\n  accuracy: {min: 0.8, max_drop: 0.01}\n");
  Decision d = Decide(p, WithBaseline({{"accuracy", 0.90}}, {{"accuracy", 0.93}}));
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(Find(d, "metric", "accuracy").outcome, Outcome::kPassed);
  const Check& c = Find(d, "baseline", "accuracy");
  EXPECT_EQ(c.qualifier, "vs v3");
  EXPECT_EQ(c.threshold, "drop ≤ 0.01");
  EXPECT_EQ(c.outcome, Outcome::kFailed);
  EXPECT_EQ(*c.value, 0.90);
  EXPECT_EQ(*c.baseline, 0.93);
  EXPECT_NEAR(*c.delta, -0.03, 1e-12);
  EXPECT_EQ(c.baseline_label, "v3");
  EXPECT_EQ(c.reason, "accuracy dropped by 0.03 from v3's 0.93 (max_drop 0.01)");
  // A drop of exactly max_drop passes (inclusive), as does an improvement.
  EXPECT_TRUE(Decide(p, WithBaseline({{"accuracy", 0.92}}, {{"accuracy", 0.93}})).approved);
  EXPECT_TRUE(Decide(p, WithBaseline({{"accuracy", 0.95}}, {{"accuracy", 0.93}})).approved);
}

TEST(Decide, LowerIsBetterMetricsDropWhenTheyRise) {
  EXPECT_TRUE(LowerIsBetter("log_loss"));
  EXPECT_TRUE(LowerIsBetter("brier_score"));
  EXPECT_TRUE(LowerIsBetter("mean_squared_error"));
  EXPECT_FALSE(LowerIsBetter("roc_auc"));
  EXPECT_FALSE(LowerIsBetter("accuracy"));
  Policy p = Parse("log_loss: {max_relative_drop: 0.1}\n");
  Decision d = Decide(p, WithBaseline({{"log_loss", 0.25}}, {{"log_loss", 0.20}}));
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(Find(d, "baseline", "log_loss").reason, "log_loss rose by 25% from v3's 0.2 (max_relative_drop 10%)");
  EXPECT_EQ(Find(d, "baseline", "log_loss").threshold, "relative drop ≤ 10%");
  // No bounds on a drop-only rule: only the baseline check.
  for (const Check& c : d.checks) EXPECT_NE(c.kind, "metric");
  EXPECT_TRUE(Decide(p, WithBaseline({{"log_loss", 0.15}}, {{"log_loss", 0.20}})).approved);
  EXPECT_TRUE(Decide(p, WithBaseline({{"log_loss", 0.21}}, {{"log_loss", 0.20}})).approved);
}

TEST(Decide, NoBaselineIsSkippedNotFailed) {
  Evidence e;
  e.metrics = Metrics({{"accuracy", 0.9}});
  Decision d = Decide(Parse("accuracy: {min: 0.8, max_drop: 0.01}\n"), e);
  EXPECT_TRUE(d.approved);
  const Check& c = Find(d, "baseline", "accuracy");
  EXPECT_EQ(c.outcome, Outcome::kSkipped);
  EXPECT_EQ(c.reason, "no approved baseline version yet");
  EXPECT_FALSE(c.baseline);
  // A baseline without the metric: skipped too.
  d = Decide(Parse("accuracy: {max_drop: 0.01}\n"), WithBaseline({{"accuracy", 0.9}}, {{"f1", 0.9}}));
  EXPECT_TRUE(d.approved);
  EXPECT_EQ(Find(d, "baseline", "accuracy").outcome, Outcome::kSkipped);
  EXPECT_EQ(Find(d, "baseline", "accuracy").reason, "baseline v3 has no accuracy");
  // The candidate missing the metric is a failure, baseline or not.
  d = Decide(Parse("accuracy: {max_drop: 0.01}\n"), WithBaseline({{"f1", 0.9}}, {{"accuracy", 0.9}}));
  EXPECT_FALSE(d.approved);
}

TEST(Decide, DifferentEvalDataMakesTheComparisonAWarning) {
  Policy p = Parse("accuracy: {max_drop: 0.01}\n");
  Decision d = Decide(p, WithBaseline({{"accuracy", 0.85}}, {{"accuracy", 0.93}}, /*same_data=*/false));
  EXPECT_TRUE(d.approved);
  const Check& c = Find(d, "baseline", "accuracy");
  EXPECT_EQ(c.outcome, Outcome::kWarned);
  EXPECT_EQ(c.reason,
            "v3 was evaluated on different eval data (sha256 bbbbbbbbbbbb vs aaaaaaaaaaaa): not comparable, so not "
            "gating; accuracy dropped by 0.08 from v3's 0.93 (max_drop 0.01)");
  EXPECT_NEAR(*c.delta, -0.08, 1e-12);
  // Even within the limit it is a warning, stating so.
  d = Decide(p, WithBaseline({{"accuracy", 0.93}}, {{"accuracy", 0.93}}, false));
  EXPECT_EQ(Find(d, "baseline", "accuracy").outcome, Outcome::kWarned);
  EXPECT_NE(Find(d, "baseline", "accuracy").reason.find("within the limit anyway"), std::string::npos);
  // An unknown baseline eval set cannot be shown to be the same: a warning.
  Evidence e = WithBaseline({{"accuracy", 0.93}}, {{"accuracy", 0.93}});
  e.baseline->eval_data_sha256.clear();
  EXPECT_EQ(Find(Decide(p, e), "baseline", "accuracy").outcome, Outcome::kWarned);
}

metrics::MetricSet WithClasses(size_t neg, size_t pos) {
  metrics::MetricSet m = Metrics({{"accuracy", 0.9}}, neg + pos);
  m.confusion.labels = {0, 1};
  m.confusion.counts = {{static_cast<double>(neg) - 1, 1}, {2, static_cast<double>(pos) - 2}};
  return m;
}

TEST(Decide, MinSamplesTotalAndPerClass) {
  Policy p = Parse("stages: {min_samples: {total: 100, per_class: 20}}\nmetrics: {accuracy: {min: 0.5}}\n");
  Decision d = Decide(p, WithClasses(90, 30));
  EXPECT_TRUE(d.approved);
  EXPECT_EQ(Find(d, "stage", "min_samples").outcome, Outcome::kPassed);
  EXPECT_EQ(Find(d, "stage", "min_samples").threshold, "≥ 100 rows, ≥ 20 per class");
  EXPECT_EQ(Find(d, "stage", "min_samples").value_text, "120 rows; class 0: 90, class 1: 30");
  d = Decide(p, WithClasses(70, 20));
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(Find(d, "stage", "min_samples").reason, "90 rows < 100");
  d = Decide(p, WithClasses(150, 12));
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(Find(d, "stage", "min_samples").reason, "class 1 has 12 rows < 20");
  EXPECT_EQ(d.next_steps[0], "evaluate on more data: class 1 has 12 rows < 20");
  // Per-class counts that are not known fail rather than pass.
  d = Decide(p, Metrics({{"accuracy", 0.9}}, 500));
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(Find(d, "stage", "min_samples").reason, "the class counts are unknown");
}

TEST(Decide, StageChecks) {
  Policy p = Parse("stages: {job_completed: warn, logs_consistent: {max_diff: 0.01}}\nmetrics: {accuracy: {min: 0.5}}\n");
  Evidence e;
  e.metrics = Metrics({{"accuracy", 0.9}, {"roc_auc", 0.95}});
  e.stages["job_completed"] = StageResult{false, "Stopped", "the job was Stopped before it completed"};
  e.stages["artifact_safe"] = StageResult{true, "xgboost-binary", ""};
  e.logs.push_back(LogComparison{"validation:auc", 0.955, "roc_auc", 0.95});
  Decision d = Decide(p, e);
  EXPECT_TRUE(d.approved);
  EXPECT_EQ(Find(d, "stage", "job_completed").outcome, Outcome::kWarned);
  EXPECT_EQ(Find(d, "stage", "job_completed").value_text, "Stopped");
  EXPECT_EQ(Find(d, "stage", "artifact_safe").outcome, Outcome::kPassed);
  EXPECT_EQ(Find(d, "stage", "model_loads").outcome, Outcome::kSkipped);  // not reported by this run
  const Check& l = Find(d, "stage", "logs_consistent");
  EXPECT_EQ(l.qualifier, "validation:auc vs roc_auc");
  EXPECT_EQ(l.outcome, Outcome::kPassed);
  e.logs[0].log_value = 0.99;
  d = Decide(p, e);
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(Find(d, "stage", "logs_consistent").reason,
            "the training log's validation:auc is 0.99 but the eval data gives roc_auc 0.95: the logs and the model disagree");
}

TEST(Decide, FailedStageSkipsTheMetricChecks) {
  Policy p = Parse("metrics: {accuracy: {min: 0.5, max_drop: 0.1}}\nstages: {min_samples: {total: 10}}\n");
  Evidence e;
  e.stages["artifact_safe"] = StageResult{false, "pickle", "model.pkl is a pickle: loading it runs arbitrary code"};
  e.not_evaluated_reason = "the artifact is not safe to load";
  Decision d = Decide(p, e);
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(Find(d, "stage", "artifact_safe").outcome, Outcome::kFailed);
  EXPECT_EQ(Find(d, "metric", "accuracy").outcome, Outcome::kSkipped);
  EXPECT_EQ(Find(d, "metric", "accuracy").reason, "not evaluated: the artifact is not safe to load");
  EXPECT_EQ(Find(d, "stage", "min_samples").outcome, Outcome::kSkipped);
  EXPECT_EQ(Find(d, "baseline", "accuracy").outcome, Outcome::kSkipped);
  ASSERT_EQ(d.next_steps.size(), 1u);
  EXPECT_EQ(d.next_steps[0], "fix artifact_safe: model.pkl is a pickle: loading it runs arbitrary code");
  // Without a failed stage to explain it, metrics that were never computed fail.
  d = Decide(p, Evidence{});
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(Find(d, "metric", "accuracy").outcome, Outcome::kFailed);
}

TEST(Decide, Slices) {
  Policy p = Parse("metrics: {accuracy: {min: 0.5}}\n"
                   "slices: {column: region, min_size: 200, thresholds: {recall: {min: 0.8}, f1: {min: 0.5, level: warn}}}\n");
  Evidence e;
  e.metrics = Metrics({{"accuracy", 0.9}});
  e.slices.push_back(SliceResult{"region", "EU", Metrics({{"recall", 0.85}, {"f1", 0.4}}, 500)});
  e.slices.push_back(SliceResult{"region", "APAC", Metrics({{"recall", 0.2}}, 37)});
  e.slices.push_back(SliceResult{"other", "x", Metrics({{"recall", 0.1}}, 900)});
  Decision d = Decide(p, e);
  EXPECT_TRUE(d.approved);
  EXPECT_EQ(Find(d, "slice", "recall", "region=EU").outcome, Outcome::kPassed);
  EXPECT_EQ(Find(d, "slice", "f1", "region=EU").outcome, Outcome::kWarned);
  const Check& small = Find(d, "slice", "slice size", "region=APAC");
  EXPECT_EQ(small.outcome, Outcome::kSkipped);
  EXPECT_EQ(small.reason, "only 37 rows (min_size 200): too few to judge");
  e.slices[0].metrics.values["recall"] = 0.7;
  d = Decide(p, e);
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(Find(d, "slice", "recall", "region=EU").reason, "0.7 is not ≥ 0.8");
  EXPECT_EQ(d.next_steps[0],
            "bring recall (region=EU) to ≥ 0.8 (now 0.7): adjust data, features or hyperparameters and retrain");
  // A slice column the evaluation did not produce: a failure.
  e.slices.clear();
  d = Decide(p, e);
  EXPECT_FALSE(d.approved);
  EXPECT_EQ(Find(d, "slice", "slices", "region").reason, "the evaluation has no slices by column 'region'");
}

}  // namespace
}  // namespace mg::policy
