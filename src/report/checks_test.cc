// Rendering of policy checks: the seed's table with baseline and delta, and the JSON of a check.
#include "report/checks.h"

#include <gtest/gtest.h>

#include "policy/decide.h"
#include "report/report.h"

namespace mg::report {
namespace {

// The decision of docs/policy.md's example table.
Report DocExample() {
  auto p = policy::ParsePolicy("metrics:\n  accuracy: [{gt: 0.9}, {max_drop: 0.01}]\n  roc_auc: {min: 0.9, on: lower}\n",
                               "p.yaml", metrics::BinaryMetricNames());
  EXPECT_TRUE(p.ok()) << p.status().message();
  policy::Evidence e;
  e.metrics.emplace();
  e.metrics->values = {{"accuracy", 0.9}, {"roc_auc", 0.95}};
  e.metrics->ci["roc_auc"] = metrics::Interval{0.9312, 0.97, 0.95, "delong"};
  e.eval_data_sha256 = std::string(64, 'a');
  e.baseline = policy::Baseline{"v3", {{"accuracy", 0.93}}, std::string(64, 'a')};
  policy::Policy pol = *p;
  pol.stages.job_completed = pol.stages.artifact_safe = pol.stages.model_loads = policy::Level::kOff;
  Report r;
  r.policy = pol;
  r.checks = policy::Decide(pol, e);
  r.decision = r.checks->approved ? "approved" : "rejected";
  return r;
}

TEST(Checks, TableWithBaselineAndDelta) {
  Report r = DocExample();
  // The same text as docs/policy.md shows.
  TableOptions plain;
  plain.color = false;
  EXPECT_EQ(RenderTable(r, plain),
            "\n"
            "| Metric                       | Value  | Required threshold | Conclusion | Baseline    | Delta   |\n"
            "|------------------------------|--------|--------------------|------------|-------------|---------|\n"
            "| Accuracy                     | 0.9000 | > 0.9              | ❌ Failed  |             |         |\n"
            "| Accuracy (vs v3)             | 0.9000 | drop ≤ 0.01        | ❌ Failed  | 0.9300 (v3) | -0.0300 |\n"
            "| AUC-ROC (95% CI lower bound) | 0.9312 | ≥ 0.9              | ✅ Passed  |             |         |\n"
            "  Accuracy: 0.9 is not > 0.9\n"
            "  Accuracy (vs v3): accuracy dropped by 0.03 from v3's 0.93 (max_drop 0.01)\n"
            "\n"
            "Decision: rejected — 2 checks failed; adjust data, hyperparameters or model and retrain.\n"
            "To change:\n"
            "  - bring accuracy to > 0.9 (now 0.9): adjust data, features or hyperparameters and retrain\n"
            "  - recover accuracy against v3 (accuracy dropped by 0.03 from v3's 0.93 (max_drop 0.01)), or keep v3\n");
}

TEST(Checks, RowsAndSymbols) {
  policy::Check c;
  c.kind = "stage";
  c.name = "job_completed";
  c.value_text = "Stopped";
  c.threshold = "Completed";
  c.outcome = policy::Outcome::kWarned;
  CheckRow row = FormatCheck(c);
  EXPECT_EQ(row.metric, "job_completed");
  EXPECT_EQ(row.value, "Stopped");
  EXPECT_EQ(row.conclusion, "⚠️ Warning");
  EXPECT_TRUE(row.baseline.empty());
  c.kind = "baseline";
  c.name = "log_loss";
  c.value_text.clear();
  c.qualifier = "vs baseline";
  c.outcome = policy::Outcome::kSkipped;
  row = FormatCheck(c);
  EXPECT_EQ(row.metric, "Log loss (vs baseline)");
  EXPECT_EQ(row.value, "—");
  EXPECT_EQ(row.conclusion, "⏭️ Skipped");
  c.outcome = policy::Outcome::kFailed;
  EXPECT_EQ(FormatCheck(c).value, "missing");
}

TEST(Checks, Json) {
  Report r = DocExample();
  auto j = CheckJson(r.checks->checks[1]);
  EXPECT_EQ(j.dump(),
            R"j({"kind":"baseline","name":"accuracy","qualifier":"vs v3","level":"fail","value":0.9,"threshold":"drop ≤ 0.01",)j"
            R"j("outcome":"failed","passed":false,"reason":"accuracy dropped by 0.03 from v3's 0.93 (max_drop 0.01)",)j"
            R"j("baseline":{"label":"v3","value":0.93,"delta":-0.030000000000000027}})j");
  auto all = ToJson(r);
  EXPECT_EQ(all["registry_status"], "Rejected");
  EXPECT_EQ(all["next_steps"].size(), 2u);
  EXPECT_EQ(all["checks"].size(), 3u);
}

}  // namespace
}  // namespace mg::report
