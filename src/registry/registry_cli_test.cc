// `modelgate registry ...` end to end: the binary against a registry seeded through the API.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/testing.h"
#include "registry/registry.h"

namespace mg::registry {
namespace {

using ::mg::testing::RunCli;
using ::mg::testing::TempDir;
using nlohmann::json;

NewVersion Sample(double acc, double loss, char eval) {
  NewVersion v;
  v.group = "churn";
  v.artifact_uri = "s3://ml-bucket/churn/job-1/output/model.tar.gz";
  v.artifact_sha256 = std::string(64, 'a');
  v.training_image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
  v.job_name = "churn-job-1";
  v.eval_data_sha256 = std::string(64, eval);
  v.metrics = {{"accuracy", acc}, {"log_loss", loss}};
  v.policy_text = "thresholds: {}\n";
  v.report = {{"verdict", "approved"}};
  return v;
}

class RegistryCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = "sqlite:///" + tmp_.Path("reg.db");
    auto r = OpenRegistry(url_);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(*(*r)->Register(a_), 1);
    ASSERT_EQ(*(*r)->Register(b_), 2);
  }
  ::mg::testing::CliResult Run(std::vector<std::string> args) {
    args.push_back("--registry");
    args.push_back(url_);
    return RunCli(args);
  }
  TempDir tmp_;
  std::string url_;
  NewVersion a_ = Sample(0.912, 0.25, 'e'), b_ = Sample(0.93, 0.21, 'e');
};

TEST_F(RegistryCliTest, GroupsListShow) {
  auto g = Run({"registry", "groups", "--json"});
  ASSERT_EQ(g.exit_code, 0) << g.err;
  auto gj = json::parse(g.out);
  ASSERT_EQ(gj.size(), 1u);
  EXPECT_EQ(gj[0]["name"], "churn");
  EXPECT_EQ(gj[0]["version_count"], 2);
  EXPECT_TRUE(gj[0]["latest_approved"].is_null());

  auto l = Run({"registry", "list", "churn"});
  ASSERT_EQ(l.exit_code, 0) << l.err;
  EXPECT_NE(l.out.find("PendingManualApproval"), std::string::npos) << l.out;

  auto s = Run({"registry", "show", "churn", "2", "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  auto sj = json::parse(s.out);
  EXPECT_EQ(sj["version"], 2);
  EXPECT_EQ(sj["metrics"]["accuracy"].get<double>(), b_.metrics.at("accuracy"));
  EXPECT_EQ(sj["history"].size(), 1u);

  auto missing = Run({"registry", "show", "churn", "9"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "modelgate: error: model group 'churn' has no version 9 (versions are 1..2)\n");
}

TEST_F(RegistryCliTest, ApproveRejectAppendHistory) {
  auto ap = Run({"registry", "approve", "churn", "1", "--reason", "beats baseline", "--by", "alice"});
  ASSERT_EQ(ap.exit_code, 0) << ap.err;
  EXPECT_EQ(ap.out, "churn version 1: PendingManualApproval -> Approved (by alice: beats baseline)\n");
  auto again = Run({"registry", "approve", "churn", "1", "--reason", "x"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(again.err, "modelgate: error: model group 'churn' version 1 is already Approved\n");
  auto no_reason = Run({"registry", "reject", "churn", "1"});
  EXPECT_EQ(no_reason.exit_code, 2);
  auto rj = Run({"registry", "reject", "churn", "1", "--reason", "drift", "--json"});
  ASSERT_EQ(rj.exit_code, 0) << rj.err;
  auto j = json::parse(rj.out);
  EXPECT_EQ(j["status"], "Rejected");
  ASSERT_EQ(j["history"].size(), 3u);
  EXPECT_EQ(j["history"][1]["by"], "alice");
  EXPECT_EQ(j["history"][2]["reason"], "drift");
}

TEST_F(RegistryCliTest, DiffShowsDeltas) {
  auto d = Run({"registry", "diff", "churn", "1", "2", "--json"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  auto j = json::parse(d.out);
  EXPECT_TRUE(j["same_eval_data"].get<bool>());
  ASSERT_EQ(j["metrics"].size(), 2u);
  EXPECT_EQ(j["metrics"][0]["name"], "accuracy");
  EXPECT_DOUBLE_EQ(j["metrics"][0]["delta"].get<double>(), b_.metrics.at("accuracy") - a_.metrics.at("accuracy"));
  EXPECT_DOUBLE_EQ(j["metrics"][1]["delta"].get<double>(), b_.metrics.at("log_loss") - a_.metrics.at("log_loss"));
  auto text = Run({"registry", "diff", "churn", "1", "2"});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("accuracy"), std::string::npos);
  EXPECT_NE(text.out.find("+0.018000"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("warning"), std::string::npos);

  auto r = OpenRegistry(url_);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(*(*r)->Register(Sample(0.95, 0.2, 'f')), 3);
  auto other = Run({"registry", "diff", "churn", "1", "3"});
  EXPECT_NE(other.out.find("warning: the versions were evaluated on different data"), std::string::npos) << other.out;
}

TEST_F(RegistryCliTest, ExportSageMakerRequest) {
  std::string out = tmp_.Path("req.json");
  auto e = Run({"registry", "export", "churn", "2", "--sagemaker", "--evaluation-s3-uri",
                "s3://ml-bucket/churn/v2/evaluation.json", "-o", out});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  auto j = json::parse(::mg::testing::ReadAll(out));
  EXPECT_EQ(j["ModelPackageGroupName"], "churn");
  EXPECT_EQ(j["ModelApprovalStatus"], "PendingManualApproval");
  const auto& c = j["InferenceSpecification"]["Containers"][0];
  EXPECT_EQ(c["Image"], b_.training_image);
  EXPECT_EQ(c["ModelDataUrl"], b_.artifact_uri);
  EXPECT_EQ(j["InferenceSpecification"]["SupportedContentTypes"], json::array({"text/csv"}));
  EXPECT_EQ(j["ModelMetrics"]["ModelQuality"]["Statistics"]["ContentType"], "application/json");
  EXPECT_EQ(j["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"], "s3://ml-bucket/churn/v2/evaluation.json");
  EXPECT_EQ(j["CustomerMetadataProperties"]["modelgate:artifact-sha256"], b_.artifact_sha256);

  auto no_uri = Run({"registry", "export", "churn", "2", "--sagemaker"});
  EXPECT_EQ(no_uri.exit_code, 2);
  EXPECT_NE(no_uri.err.find("--evaluation-s3-uri"), std::string::npos);
  auto no_format = Run({"registry", "export", "churn", "2", "--evaluation-s3-uri", "s3://b/e.json"});
  EXPECT_EQ(no_format.exit_code, 2);
  auto json_types = Run({"registry", "export", "churn", "2", "--sagemaker", "--evaluation-s3-uri", "s3://b/e.json",
                         "--content-type", "application/json", "--content-type", "text/csv"});
  ASSERT_EQ(json_types.exit_code, 0) << json_types.err;
  EXPECT_EQ(json::parse(json_types.out)["InferenceSpecification"]["SupportedContentTypes"],
            json::array({"application/json", "text/csv"}));
}

TEST_F(RegistryCliTest, RegistryUrlFromEnvironmentAndErrors) {
  auto env = RunCli({"registry", "list", "churn", "--json"}, {"MODELGATE_REGISTRY=" + url_});
  ASSERT_EQ(env.exit_code, 0) << env.err;
  EXPECT_EQ(json::parse(env.out).size(), 2u);
  auto bad = RunCli({"registry", "groups", "--registry", "mysql://u:pw@h/db"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err.find("pw@"), std::string::npos);
}

TEST(RegistryCliPostgresTest, ListOnPostgres) {
  const char* base = std::getenv("MODELGATE_TEST_POSTGRES_URL");
  if (base == nullptr || *base == '\0') {
    const char* allow = std::getenv("MODELGATE_ALLOW_NO_SERVERS");
    if (allow && std::string(allow) == "1") GTEST_SKIP() << "MODELGATE_TEST_POSTGRES_URL unset";
    FAIL() << "MODELGATE_TEST_POSTGRES_URL is not set (run through scripts/with-test-servers)";
  }
  auto r = OpenRegistry(base);
  ASSERT_TRUE(r.ok()) << r.status().message();
  NewVersion v = Sample(0.9, 0.3, 'e');
  v.group = "cli-pg-" + std::to_string(::getpid());
  auto n = (*r)->Register(v);
  ASSERT_TRUE(n.ok()) << n.status().message();
  auto out = RunCli({"registry", "show", v.group, std::to_string(*n), "--json", "--registry", base});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(json::parse(out.out)["job_name"], v.job_name);
}

}  // namespace
}  // namespace mg::registry
