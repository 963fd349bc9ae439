// End to end: `modelgate validate --policy` on the bundled breast-cancer job.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/testing.h"

namespace mg {
namespace {

using mg::testing::RunCli;
using mg::testing::SourcePath;

const std::string kJob = SourcePath("examples/jobs/breast-cancer-xgboost");

testing::CliResult Validate(const std::string& policy_path, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"validate", kJob, "--policy", policy_path};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunCli(args, {"NO_COLOR=1"});
}

TEST(PolicyE2E, SeedPolicyApproves) {
  auto r = Validate(SourcePath("examples/policies/seed.yaml"));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("| Metric "), std::string::npos);
  EXPECT_NE(r.out.find("| Accuracy "), std::string::npos);
  EXPECT_NE(r.out.find("| > 0.9 "), std::string::npos);
  EXPECT_EQ(r.out.find("Failed"), std::string::npos);
  EXPECT_NE(r.out.find("Decision: approved"), std::string::npos);
  EXPECT_NE(r.out.find("register it (registry status PendingManualApproval)"), std::string::npos);
}

TEST(PolicyE2E, FailingRuleRejectsAndSaysWhatToChange) {
  testing::TempDir dir;
  auto r = Validate(dir.Write("p.yaml", "metrics:\n  accuracy: {gt: 0.99}\n  recall: {gt: 0.85}\n"));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("❌ Failed"), std::string::npos);
  EXPECT_NE(r.out.find("Decision: rejected — 1 check failed."), std::string::npos);
  EXPECT_NE(r.out.find("To change:\n  - bring accuracy to > 0.99"), std::string::npos) << r.out;
}

TEST(PolicyE2E, WarnRuleApprovesWithAWarning) {
  testing::TempDir dir;
  auto r = Validate(dir.Write("p.yaml", "metrics:\n  accuracy: {gt: 0.99, level: warn}\n"));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("⚠️ Warning"), std::string::npos);
  EXPECT_NE(r.out.find("review the warning on accuracy"), std::string::npos);
}

TEST(PolicyE2E, MinSamplesPerClassRejects) {
  testing::TempDir dir;
  // The example's eval set has 114 rows: 42 of class 0 and 72 of class 1.
  auto r = Validate(dir.Write("p.yaml", "stages: {min_samples: {total: 100, per_class: 50}}\nmetrics: {accuracy: {gt: 0.5}}\n"));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("class 0 has 42 rows < 50"), std::string::npos) << r.out;
}

// A Stopped job's artifact is judged only when the policy says job_completed: warn (or off).
TEST(PolicyE2E, StoppedJobIsJudgedOnlyWhenThePolicyAllows) {
  testing::TempDir dir;
  const std::string job = dir.Path("stopped-job");
  std::filesystem::copy(kJob, job, std::filesystem::copy_options::recursive);
  std::string describe = testing::ReadAll(job + "/describe.json");
  for (const std::string key : {"\"TrainingJobStatus\": \"Completed\"", "\"SecondaryStatus\": \"Completed\""}) {
    size_t at = describe.find(key);
    ASSERT_NE(at, std::string::npos) << key;
    describe.replace(at, key.size(), key.substr(0, key.find(':') + 2) + "\"Stopped\"");
  }
  dir.Write("stopped-job/describe.json", describe);
  auto strict = RunCli({"validate", job, "--policy", SourcePath("examples/policies/seed.yaml")}, {"NO_COLOR=1"});
  EXPECT_EQ(strict.exit_code, 3) << strict.out << strict.err;
  auto lenient = RunCli({"validate", job, "--policy",
                         dir.Write("p.yaml", "stages: {job_completed: warn}\nmetrics: {accuracy: {gt: 0.9}}\n")},
                        {"NO_COLOR=1"});
  EXPECT_EQ(lenient.exit_code, 0) << lenient.out << lenient.err;
  EXPECT_NE(lenient.out.find("| job_completed | Stopped"), std::string::npos) << lenient.out;
  EXPECT_NE(lenient.out.find("⚠️ Warning"), std::string::npos);
  EXPECT_NE(lenient.out.find("review the warning on job_completed: the job is Stopped"), std::string::npos) << lenient.out;
}

TEST(PolicyE2E, BadPolicyStopsBeforeAnyWork) {
  testing::TempDir dir;
  std::string p = dir.Write("p.yaml", "metrics:\n  acuracy: {gt: 0.9}\n");
  // The job does not exist: the policy error must come first.
  auto r = RunCli({"validate", dir.Path("no-such-job"), "--policy", p}, {"NO_COLOR=1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(p + ":2:3: unknown metric 'acuracy'"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("no-such-job"), std::string::npos) << r.err;
}

TEST(PolicyE2E, JsonCarriesOutcomesAndRegistryStatus) {
  testing::TempDir dir;
  auto r = Validate(dir.Write("p.yaml", "on_pass: Approved\nmetrics:\n  accuracy: [{gt: 0.9}, {max_drop: 0.01}]\n"),
                    {"--json"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["registry_status"], "Approved");
  bool saw_skipped_baseline = false, saw_metric = false;
  for (const auto& c : j["checks"]) {
    if (c["kind"] == "baseline") {
      saw_skipped_baseline = true;
      EXPECT_EQ(c["outcome"], "skipped");
      EXPECT_EQ(c["reason"], "no approved baseline version yet");
    }
    if (c["kind"] == "metric" && c["name"] == "accuracy") {
      saw_metric = true;
      EXPECT_EQ(c["outcome"], "passed");
      EXPECT_EQ(c["level"], "fail");
      EXPECT_EQ(c["threshold"], "> 0.9");
    }
  }
  EXPECT_TRUE(saw_skipped_baseline);
  EXPECT_TRUE(saw_metric);
}

}  // namespace
}  // namespace mg

namespace mg {
namespace {

// docs/policy.schema.json is a valid schema that accepts every example policy and the policies
// in docs/policy.md, and refuses known-bad ones (checked with Python's jsonschema).
TEST(PolicyDocs, SchemaAcceptsTheExamples) {
  auto r = testing::RunProgram({"/usr/bin/python3", testing::SourcePath("tests/policy/check_schema.py"),
                                testing::SourcePath(".")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

// Every YAML block of docs/policy.md and every example policy is a policy modelgate accepts.
TEST(PolicyDocs, ModelgateAcceptsTheExamples) {
  std::vector<std::string> policies;
  const std::string doc = testing::ReadAll(testing::SourcePath("docs/policy.md"));
  for (size_t pos = doc.find("```yaml\n"); pos != std::string::npos; pos = doc.find("```yaml\n", pos)) {
    pos += 8;
    size_t end = doc.find("```", pos);
    ASSERT_NE(end, std::string::npos);
    policies.push_back(doc.substr(pos, end - pos));
  }
  EXPECT_GE(policies.size(), 5u);
  for (const char* f : {"seed.yaml", "production.yaml", "slices.yaml"})
    policies.push_back(testing::ReadAll(testing::SourcePath(std::string("examples/policies/") + f)));
  testing::TempDir dir;
  for (size_t i = 0; i < policies.size(); ++i) {
    std::string p = dir.Write("p" + std::to_string(i) + ".yaml", policies[i]);
    auto r = RunCli({"validate", dir.Path("no-such-job"), "--policy", p}, {"NO_COLOR=1"});
    // The policy is accepted: the first error is about the job.
    EXPECT_EQ(r.err.find(p), std::string::npos) << policies[i] << r.err;
    EXPECT_NE(r.err.find("no-such-job"), std::string::npos) << policies[i] << r.err;
  }
}

}  // namespace
}  // namespace mg
