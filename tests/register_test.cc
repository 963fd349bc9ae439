// End-to-end: validate --register records decisions and compares with the approved version.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/testing.h"

namespace mg {
namespace {

using testing::RunCli;
using testing::SourcePath;

const std::string kGood = "examples/jobs/breast-cancer-xgboost";

TEST(ValidateRegister, RecordsPendingThenComparesWithTheApprovedVersion) {
  testing::TempDir dir;
  const std::string url = "sqlite:///" + dir.Path("reg.db");

  // No baseline yet: the max_drop check is skipped, the model is approved and recorded.
  std::string policy = dir.Write("p.yaml", "metrics:\n  accuracy: [{min: 0.5}, {max_drop: 0.001}]\n");
  auto first = RunCli({"validate", SourcePath(kGood), "--policy", policy, "--register", "breast-cancer",
                       "--registry", url, "--by", "ci", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.err.find("Registered breast-cancer version 1 as PendingManualApproval"), std::string::npos)
      << first.err;
  auto j1 = nlohmann::json::parse(first.out);
  bool skipped = false;
  for (const auto& c : j1["checks"]) skipped |= c["outcome"] == "skipped" && c["name"] == "accuracy";
  EXPECT_TRUE(skipped) << j1["checks"].dump();

  auto list = RunCli({"registry", "list", "breast-cancer", "--registry", url, "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto versions = nlohmann::json::parse(list.out);
  ASSERT_EQ(versions.size(), 1u) << list.out;

  ASSERT_EQ(RunCli({"registry", "approve", "breast-cancer", "1", "--reason", "reviewed", "--registry", url}).exit_code, 0);

  // Same model, stricter threshold: accuracy drops against v1 beyond max_drop -> rejected and
  // recorded as Rejected.
  auto second = RunCli({"validate", SourcePath(kGood), "--policy", policy, "--threshold", "0.97", "--register",
                        "breast-cancer", "--registry", url, "--json"});
  EXPECT_EQ(second.exit_code, 1) << second.out << second.err;
  auto j2 = nlohmann::json::parse(second.out);
  bool dropped = false;
  for (const auto& c : j2["checks"])
    if (c["name"] == "accuracy" && !c["baseline"].is_null()) {
      dropped = c["outcome"] == "failed";
      EXPECT_EQ(c["baseline"]["label"], "v1");
      EXPECT_LT(c["baseline"]["delta"].get<double>(), -0.001);
    }
  EXPECT_TRUE(dropped) << j2["checks"].dump();
  EXPECT_NE(second.err.find("Registered breast-cancer version 2 as Rejected"), std::string::npos) << second.err;

  auto show = RunCli({"registry", "show", "breast-cancer", "2", "--registry", url, "--json"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  auto v2 = nlohmann::json::parse(show.out);
  EXPECT_EQ(v2["status"], "Rejected");
  EXPECT_EQ(v2["job_name"], "breast-cancer-xgboost-2026-11-30-10-00-00-000");
  EXPECT_EQ(v2["artifact_sha256"].get<std::string>().size(), 64u);
}

TEST(ValidateRegister, BadRegistryUrlFailsBeforeWork) {
  auto r = RunCli({"validate", SourcePath(kGood), "--register", "g", "--registry", "mysql://x/y"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--registry"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace mg

namespace mg {
namespace {

// A rule on the confidence interval's lower bound rejects a small eval set whose point value
// passes: the pipeline computes the intervals the policy asks for.
TEST(ValidateConfidence, LowerBoundRuleOnATinyEvalSetRejects) {
  testing::TempDir dir;
  std::string all = testing::ReadAll(SourcePath(kGood + "/data/test.csv"));
  std::string tiny;
  size_t pos = 0;
  for (int i = 0; i < 25; ++i) {
    size_t nl = all.find('\n', pos);
    tiny += all.substr(pos, nl - pos + 1);
    pos = nl + 1;
  }
  std::string data = dir.Write("tiny.csv", tiny);
  std::string point = dir.Write("point.yaml", "metrics:\n  accuracy: {gt: 0.8}\n");
  std::string lower = dir.Write("lower.yaml", "metrics:\n  accuracy: {gt: 0.8, \"on\": lower}\n");
  auto p = RunCli({"validate", SourcePath(kGood), "--data", data, "--policy", point, "--json"});
  ASSERT_EQ(p.exit_code, 0) << p.out << p.err;
  auto l = RunCli({"validate", SourcePath(kGood), "--data", data, "--policy", lower, "--json"});
  EXPECT_EQ(l.exit_code, 1) << l.out << l.err;
  auto j = nlohmann::json::parse(l.out);
  double acc = j["evaluation"]["metrics"]["accuracy"];
  EXPECT_GT(acc, 0.8);
  bool judged_on_bound = false;
  for (const auto& c : j["checks"])
    if (c["name"] == "accuracy") {
      judged_on_bound = c["outcome"] == "failed" && c["value"].get<double>() <= 0.8;
      EXPECT_NE(c["qualifier"].get<std::string>().find("lower"), std::string::npos) << c.dump();
    }
  EXPECT_TRUE(judged_on_bound) << j["checks"].dump();
}

}  // namespace
}  // namespace mg
