// End-to-end: the modelgate binary on the bundled example jobs and on broken copies of them.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/testing.h"

namespace mg {
namespace {

namespace fs = std::filesystem;
using testing::RunCli;
using testing::SourcePath;

const std::string kGood = "examples/jobs/breast-cancer-xgboost";
const std::string kFailed = "examples/jobs/churn-xgboost-failed";
const std::string kRunning = "examples/jobs/fraud-xgboost-running";

// A writable copy of an example job.
std::string CopyJob(const testing::TempDir& dir, const std::string& job) {
  std::string dst = dir.Path("job");
  fs::copy(SourcePath(job), dst, fs::copy_options::recursive);
  return dst;
}

TEST(Validate, ExampleJobIsApprovedWithTheTable) {
  auto r = RunCli({"validate", SourcePath(kGood)});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("| Metric"), std::string::npos);
  EXPECT_NE(r.out.find("Required threshold"), std::string::npos);
  EXPECT_NE(r.out.find("AUC-ROC"), std::string::npos);
  EXPECT_NE(r.out.find("✅ Passed"), std::string::npos);
  EXPECT_NE(r.out.find("Decision: approved"), std::string::npos);
  EXPECT_EQ(r.out.find("\033["), std::string::npos) << "no colour when piped";
  EXPECT_EQ(r.err, "");
}

TEST(Validate, JsonReportCarriesEveryStage) {
  auto r = RunCli({"validate", SourcePath(kGood), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schema"], "modelgate.report/v1");
  EXPECT_EQ(j["decision"], "approved");
  EXPECT_EQ(j["job"]["name"], "breast-cancer-xgboost-2026-11-30-10-00-00-000");
  EXPECT_EQ(j["job"]["status"], "Completed");
  EXPECT_TRUE(j["job"]["failure_reason"].is_null());
  EXPECT_EQ(j["artifact"]["format"], "xgboost-binary");
  EXPECT_EQ(j["artifact"]["members"].size(), 1u);
  EXPECT_EQ(j["artifact"]["members"][0]["path"], "xgboost-model");
  EXPECT_EQ(j["artifact"]["sha256"].get<std::string>().size(), 64u);
  // The log's last round, as the job's FinalMetricDataList also reports it.
  EXPECT_DOUBLE_EQ(j["logs"]["metrics"]["validation:logloss"]["last"].get<double>(),
                   j["job"]["final_metrics"]["validation:logloss"].get<double>());
  EXPECT_EQ(j["logs"]["metrics"]["validation:auc"]["points"], 60);
  EXPECT_EQ(j["evaluation"]["task"], "binary");
  EXPECT_EQ(j["evaluation"]["n"], 114);
  for (const char* m : {"accuracy", "precision", "recall", "f1", "roc_auc"}) {
    ASSERT_TRUE(j["evaluation"]["metrics"].contains(m)) << m;
    double v = j["evaluation"]["metrics"][m];
    EXPECT_GT(v, 0.5);
    EXPECT_LE(v, 1.0);
  }
  // The default policy: the three stage checks, then accuracy, precision, recall, f1, roc_auc.
  ASSERT_EQ(j["checks"].size(), 8u);
  for (const auto& c : j["checks"]) EXPECT_EQ(c["outcome"], "passed") << c.dump();
  EXPECT_EQ(j["checks"][0]["name"], "job_completed");
  EXPECT_EQ(j["checks"][3]["name"], "accuracy");
}

TEST(Validate, ReportDirHoldsReportAndSageMakerEvaluation) {
  testing::TempDir dir;
  auto r = RunCli({"validate", SourcePath(kGood), "--report-dir", dir.Path("out")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rep = nlohmann::json::parse(testing::ReadAll(dir.Path("out/report.json")));
  auto ev = nlohmann::json::parse(testing::ReadAll(dir.Path("out/evaluation.json")));
  EXPECT_EQ(rep["decision"], "approved");
  // What a SageMaker Pipelines ConditionStep reads with JsonGet.
  EXPECT_DOUBLE_EQ(ev["binary_classification_metrics"]["accuracy"]["value"].get<double>(),
                   rep["evaluation"]["metrics"]["accuracy"].get<double>());
  const auto& cm = ev["binary_classification_metrics"]["confusion_matrix"];
  double total = 0;
  for (const auto& row : cm.items())
    for (const auto& cell : row.value().items()) total += cell.value().get<double>();
  EXPECT_EQ(total, 114);
}

TEST(Validate, StrictPolicyRejectsWithExitOne) {
  testing::TempDir dir;
  std::string policy = dir.Write("policy.yaml", "accuracy: {min: 0.90}\nroc_auc: {gt: 0.999}\n");
  auto r = RunCli({"validate", SourcePath(kGood), "--policy", policy});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("❌ Failed"), std::string::npos);
  EXPECT_NE(r.out.find("> 0.999"), std::string::npos);
  EXPECT_NE(r.out.find("Decision: rejected"), std::string::npos);
}

TEST(Validate, FailedJobShowsTheCauseAndExitsThree) {
  auto r = RunCli({"validate", SourcePath(kFailed)});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.out.find("AlgorithmError"), std::string::npos);
  EXPECT_NE(r.out.find("Traceback (most recent call last)"), std::string::npos);
  EXPECT_NE(r.out.find("Non-numeric value 'F' found in the header line"), std::string::npos);
  EXPECT_NE(r.err.find("modelgate: error: training job churn-xgboost"), std::string::npos);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
}

TEST(Validate, FailedJobJsonHasFailureReason) {
  auto r = RunCli({"validate", SourcePath(kFailed), "--json"});
  EXPECT_EQ(r.exit_code, 3);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["decision"], "error");
  EXPECT_EQ(j["job"]["status"], "Failed");
  EXPECT_EQ(j["job"]["failure_reason"].get<std::string>().rfind("AlgorithmError: ", 0), 0u);
}

TEST(Validate, InProgressJobExitsThree) {
  auto r = RunCli({"validate", SourcePath(kRunning)});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("still InProgress"), std::string::npos) << r.err;
}

TEST(Validate, MissingDescribeJsonIsAnInputError) {
  testing::TempDir dir;
  std::string job = CopyJob(dir, kGood);
  fs::remove(job + "/describe.json");
  auto r = RunCli({"validate", job});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(job + "/describe.json: missing"), std::string::npos) << r.err;
}

TEST(Validate, CorruptArchiveIsAnInputError) {
  testing::TempDir dir;
  std::string job = CopyJob(dir, kGood);
  std::string bytes = testing::ReadAll(job + "/output/model.tar.gz");
  dir.Write("job/output/model.tar.gz", bytes.substr(0, bytes.size() / 2));
  auto r = RunCli({"validate", job});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("model.tar.gz"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
}

TEST(Validate, EvalDataWithTheWrongColumnCountIsAnInputError) {
  testing::TempDir dir;
  std::string data = dir.Write("short.csv", "1,0.5,0.25\n0,0.1,0.2\n");
  auto r = RunCli({"validate", SourcePath(kGood), "--data", data});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("short.csv: 2 feature columns after the label, but the model expects 30"), std::string::npos)
      << r.err;
}

TEST(Validate, RaggedEvalDataNamesTheLine) {
  testing::TempDir dir;
  std::string good = testing::ReadAll(SourcePath(kGood + "/data/test.csv"));
  std::string data = dir.Write("ragged.csv", good.substr(0, good.find('\n') + 1) + "1,2,3\n");
  auto r = RunCli({"validate", SourcePath(kGood), "--data", data});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("ragged.csv:2: 3 columns, expected 31"), std::string::npos) << r.err;
}

TEST(Validate, PolicyNamingAnUnknownMetricStopsBeforeAnyWork) {
  testing::TempDir dir;
  std::string policy = dir.Write("policy.yaml", "accuracy: {min: 0.9}\nacuracy: {min: 0.9}\n");
  auto r = RunCli({"validate", dir.Path("no-such-job"), "--policy", policy});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("policy.yaml:2:1: unknown metric 'acuracy'"), std::string::npos) << r.err;
}

TEST(Validate, UnwritableReportDirFailsBeforeWork) {
  testing::TempDir dir;
  std::string file = dir.Write("not-a-dir", "x");
  auto r = RunCli({"validate", SourcePath(kGood), "--report-dir", file + "/sub"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--report-dir"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(RunCli({}).exit_code, 2);
  EXPECT_EQ(RunCli({"validate"}).exit_code, 2);
  EXPECT_EQ(RunCli({"frobnicate"}).exit_code, 2);
  auto v = RunCli({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("modelgate"), std::string::npos);
}

}  // namespace
}  // namespace mg

namespace mg {
namespace {

// An artifact that carries a malicious pickle next to a real model is rejected by the
// artifact_safe stage check, never loaded, and the finding names the member.
TEST(Validate, MaliciousPickleInTheArtifactIsRejected) {
  testing::TempDir dir;
  std::string job = dir.Path("job");
  std::filesystem::copy(testing::SourcePath(kGood), job, std::filesystem::copy_options::recursive);
  std::string script = dir.Write("evil.py", R"(
import io, sys, tarfile
src, dst = sys.argv[1], sys.argv[2]
with tarfile.open(src) as t:
    model = t.extractfile("xgboost-model").read()
evil = b"cos\nsystem\n(S'touch /tmp/pwned'\ntR."  # os.system via GLOBAL + REDUCE, protocol 0
with tarfile.open(dst, "w:gz") as t:
    for name, data in (("xgboost-model", model), ("preprocess.pkl", evil)):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
)");
  auto py = testing::RunProgram({"/usr/bin/python3", script, testing::SourcePath(kGood + "/output/model.tar.gz"),
                                 job + "/output/model.tar.gz"});
  ASSERT_EQ(py.exit_code, 0) << py.err;
  auto r = RunCli({"validate", job, "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["decision"], "rejected");
  bool unsafe = false;
  for (const auto& c : j["checks"])
    if (c["name"] == "artifact_safe") unsafe = c["outcome"] == "failed";
  EXPECT_TRUE(unsafe) << j["checks"].dump();
  bool named = false;
  for (const auto& f : j["findings"])
    named |= f["member"] == "preprocess.pkl" && f["severity"] == "critical" && f["kind"] == "safety";
  EXPECT_TRUE(named) << j["findings"].dump();
  EXPECT_TRUE(j["evaluation"].is_null());
}

}  // namespace
}  // namespace mg

namespace mg {
namespace {

// Labels other than 0/1 for a binary model are an input error, never silently negatives.
TEST(Validate, BinaryLabelsOtherThanZeroOrOneAreAnInputError) {
  testing::TempDir dir;
  std::string good = testing::ReadAll(SourcePath(kGood + "/data/test.csv"));
  std::string shifted;
  size_t pos = 0;
  while (pos < good.size()) {  // labels 0/1 -> 1/2
    size_t nl = good.find('\n', pos);
    std::string line = good.substr(pos, nl - pos);
    shifted += std::string(line[0] == '1' ? "2" : "1") + line.substr(1) + "\n";
    pos = nl + 1;
  }
  std::string data = dir.Write("labels12.csv", shifted);
  auto r = RunCli({"validate", SourcePath(kGood), "--data", data});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("labels12.csv: row 2: label 2 in the first column"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("must be 0 or 1"), std::string::npos) << r.err;
}

// predict refuses an artifact that inspect calls unsafe, naming the member.
TEST(PredictSafety, RefusesAnUnsafeArtifact) {
  testing::TempDir dir;
  std::string script = dir.Write("evil.py", R"(
import io, sys, tarfile
src, dst = sys.argv[1], sys.argv[2]
with tarfile.open(src) as t:
    model = t.extractfile("xgboost-model").read()
evil = b"cos\nsystem\n(S'id'\ntR."
with tarfile.open(dst, "w:gz") as t:
    for name, data in (("xgboost-model", model), ("helper.pkl", evil)):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
)");
  std::string evil = dir.Path("evil.tar.gz");
  auto py = testing::RunProgram({"/usr/bin/python3", script, SourcePath(kGood + "/output/model.tar.gz"), evil});
  ASSERT_EQ(py.exit_code, 0) << py.err;
  std::string row = "1";
  for (int i = 1; i < 30; ++i) row += ",1";
  auto r = RunCli({"predict", evil, "--row", row});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("not safe to load"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("helper.pkl"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace mg
