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
