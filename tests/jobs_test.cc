// End-to-end: `jobs`, `status`, `logs` and the job/logs stage of `validate` on the example jobs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/testing.h"

namespace mg {
namespace {

using nlohmann::json;
using testing::RunCli;
using testing::SourcePath;

json Json(const testing::CliResult& r) {
  json j = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
  return j;
}

TEST(JobsCommand, ListsNewestFirstAndFilters) {
  auto r = RunCli({"jobs", SourcePath("examples/jobs"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json j = Json(r);
  ASSERT_GE(j["jobs"].size(), 8u);
  EXPECT_EQ(j["jobs"][0]["name"], "fraud-xgboost-2026-12-03-09-00-00-000");
  for (size_t i = 1; i < j["jobs"].size(); ++i)
    EXPECT_GE(j["jobs"][i - 1]["created"].get<std::string>(), j["jobs"][i]["created"].get<std::string>());
  auto f = Json(RunCli({"jobs", SourcePath("examples/jobs"), "--status", "Failed", "--json"}));
  for (const auto& x : f["jobs"]) EXPECT_EQ(x["status"], "Failed");
  EXPECT_EQ(f["jobs"].size(), 4u);
  auto t = RunCli({"jobs", SourcePath("examples/jobs")});
  EXPECT_NE(t.out.find("NAME"), std::string::npos);
  EXPECT_NE(t.out.find("3m27s"), std::string::npos);
  EXPECT_EQ(RunCli({"jobs", SourcePath("examples/jobs"), "--status", "Done"}).exit_code, 2);
  EXPECT_EQ(RunCli({"jobs", "/nonexistent/jobs"}).exit_code, 2);
}

TEST(StatusCommand, FailedJobsAreDiagnosed) {
  struct Case {
    const char* job;
    const char* category;
  } cases[] = {{"examples/jobs/churn-xgboost-failed", "malformed_data"},
               {"examples/jobs/images-pytorch-oom", "out_of_memory"},
               {"examples/jobs/churn-sklearn-script-error", "script_error"},
               {"examples/jobs/fraud-xgboost-s3-denied", "s3_permission"},
               {"examples/jobs/ranker-xgboost-2026-12-01-02-00-00-000.json", "spot_interruption"}};
  for (const auto& c : cases) {
    auto r = RunCli({"status", SourcePath(c.job), "--json"});
    EXPECT_EQ(r.exit_code, 3) << c.job << r.err;
    json j = Json(r);
    EXPECT_EQ(j["diagnosis"]["category"], c.category) << c.job;
  }
  json s = Json(RunCli({"status", SourcePath("examples/jobs/churn-sklearn-script-error"), "--json"}));
  EXPECT_EQ(s["diagnosis"]["exception"], "KeyError: 'Exited'");
  EXPECT_EQ(s["diagnosis"]["user_frame"], "File \"/opt/ml/code/train.py\", line 31, in main: y = df.pop(args.target)");
}

TEST(StatusCommand, CompletedJobShowsTimelineAndMetrics) {
  auto r = RunCli({"status", SourcePath("examples/jobs/breast-cancer-xgboost")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* s : {"Completed (Completed)", "Timeline", "Downloading", "1m04s", "billable 1m36s", "1 x ml.m5.xlarge",
                        "num_round = 60", "validation:auc = 0.98788", "s3://ml-pipeline-bucket/model/"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
  json j = Json(RunCli({"status", SourcePath("examples/jobs/breast-cancer-xgboost"), "--json"}));
  EXPECT_EQ(j["diagnosis"]["category"], "none");
  EXPECT_EQ(j["job"]["timeline"][0]["seconds"], 111);
  EXPECT_EQ(RunCli({"status", SourcePath("examples/jobs/fraud-xgboost-running")}).exit_code, 3);
}

TEST(StatusCommand, UserRulesAndBadRules) {
  testing::TempDir dir;
  std::string rules = dir.Write("rules.yaml",
                                "rules:\n  - id: team-header\n    category: team_data_contract\n"
                                "    pattern: 'header line'\n    advice: Run the export step with --no-header.\n");
  json j = Json(RunCli({"status", SourcePath("examples/jobs/churn-xgboost-failed"), "--rules", rules, "--json"}));
  EXPECT_EQ(j["diagnosis"]["category"], "team_data_contract");
  std::string bad = dir.Write("bad.yaml", "rules:\n  - id: x\n    category: y\n    pattern: '('\n    advice: z\n");
  auto r = RunCli({"status", SourcePath("examples/jobs/churn-xgboost-failed"), "--rules", bad});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.yaml:4:"), std::string::npos) << r.err;
}

TEST(LogsCommand, SeriesAnomaliesAndFormats) {
  auto r = RunCli({"logs", SourcePath("examples/jobs/breast-cancer-xgboost")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("validation:auc"), std::string::npos);
  json j = Json(RunCli({"logs", SourcePath("examples/jobs/breast-cancer-xgboost"), "--json"}));
  EXPECT_EQ(j["metrics"]["validation:auc"]["points"], 60);
  EXPECT_EQ(j["metrics"]["validation:auc"]["series"].size(), 60u);
  // CloudWatch get-log-events JSON, given directly as a file.
  json cw = Json(RunCli({"logs", SourcePath("examples/jobs/ranker-xgboost-2026-12-01-02-00-00-000-algo-1-1764554520.json"), "--json"}));
  EXPECT_EQ(cw["formats"][0], "cloudwatch-json");
  EXPECT_EQ(cw["metrics"]["validation:ndcg"]["points"], 120);
  EXPECT_EQ(RunCli({"logs", "/nonexistent.log", "other.log"}).exit_code, 2);
}

// The overfitting curve is xgboost's own (examples/make_jobs.py); expected.json holds the
// step where its validation logloss is lowest, computed by the script from evals_result.
TEST(LogsCommand, OverfittingStartsAtXgboostsBestValidationStep) {
  json expected = json::parse(testing::ReadAll(SourcePath("examples/jobs/noisy-xgboost-overfit/expected.json")));
  json j = Json(RunCli({"logs", SourcePath("examples/jobs/noisy-xgboost-overfit"), "--json"}));
  bool found = false;
  for (const auto& a : j["anomalies"]) {
    if (a["kind"] != "overfitting") continue;
    found = true;
    EXPECT_EQ(a["metric"], "validation:logloss");
    EXPECT_EQ(a["step"], expected["validation_logloss_best_step"]);
  }
  EXPECT_TRUE(found) << j["anomalies"].dump();
}

TEST(ValidateJobStage, ReportCarriesDiagnosisAnomaliesAndAgreement) {
  json ok = Json(RunCli({"validate", SourcePath("examples/jobs/breast-cancer-xgboost"), "--json"}));
  EXPECT_EQ(ok["decision"], "approved");
  EXPECT_EQ(ok["job"]["diagnosis"]["category"], "none");
  ASSERT_TRUE(ok["logs"]["anomalies"].is_array());
  ASSERT_EQ(ok["logs"]["metric_agreement"].size(), 3u);
  for (const auto& a : ok["logs"]["metric_agreement"]) EXPECT_TRUE(a["agrees"].get<bool>()) << a.dump();
  json failed = Json(RunCli({"validate", SourcePath("examples/jobs/images-pytorch-oom"), "--json"}));
  EXPECT_EQ(failed["decision"], "error");
  EXPECT_EQ(failed["job"]["diagnosis"]["category"], "out_of_memory");
  auto t = RunCli({"validate", SourcePath("examples/jobs/images-pytorch-oom")});
  EXPECT_EQ(t.exit_code, 3);
  EXPECT_NE(t.out.find("Diagnosis out_of_memory"), std::string::npos) << t.out;
  EXPECT_NE(t.err.find("failed (out_of_memory)"), std::string::npos) << t.err;
}

TEST(ValidateJobStage, DescribeJsonSource) {
  auto r = RunCli({"validate", SourcePath("examples/jobs/ranker-xgboost-2026-12-01-02-00-00-000.json")});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("was Stopped"), std::string::npos) << r.err;
  auto s = RunCli({"validate", "sagemaker:some-job"});
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_NE(s.err.find("sagemaker:"), std::string::npos);
}

}  // namespace
}  // namespace mg
