// The sagemaker: job source against the AWS fake (tests/servers/aws-fake.js).
#include "aws/sagemaker_source.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "aws/test_servers.h"
#include "job/job.h"

namespace mg::aws {
namespace {

using testing::ApiConfig;

TEST(SageMakerSource, DescribeLogsAndLocations) {
  MG_REQUIRE_AWS_SERVERS();
  auto src = OpenSageMakerJob(ApiConfig(), "xgboost-completed");
  ASSERT_TRUE(src.ok()) << src.status().message();
  EXPECT_EQ((*src)->Spec(), "sagemaker:xgboost-completed");
  auto job = job::LoadJob(**src);
  ASSERT_TRUE(job.ok()) << job.status().message();
  EXPECT_EQ(job->name, "xgboost-completed");
  auto describe = nlohmann::json::parse((*src)->DescribeJson().value());
  EXPECT_EQ(describe["CreationTime"], "2024-12-03T10:00:00.123000+00:00");  // 1733220000.123
  EXPECT_EQ(describe["SecondaryStatusTransitions"][4]["StartTime"], "2024-12-03T10:06:20.823000+00:00");
  EXPECT_EQ(describe["TrainingTimeInSeconds"], 320);
  EXPECT_EQ(job->model_artifact_uri, "s3://modelgate-test/output/xgboost-completed/output/model.tar.gz");
  EXPECT_TRUE(job->artifact_path.empty());  // not local
  ASSERT_EQ(job->log_paths, std::vector<std::string>{"xgboost-completed/algo-1-1733220060"});
  job::Locations loc = (*src)->Locate(*job);
  EXPECT_EQ(loc.artifact, job->model_artifact_uri);
  EXPECT_EQ(loc.output_tar, "s3://modelgate-test/output/xgboost-completed/output/output.tar.gz");

  std::vector<std::string> lines;
  job::LogReadStats stats;
  Status st = (*src)->ReadLog(job->log_paths[0], [&](std::string_view stream, std::string_view line) {
    EXPECT_EQ(stream, "xgboost-completed/algo-1-1733220060");
    lines.emplace_back(line);
    return true;
  }, &stats);
  ASSERT_TRUE(st.ok()) << st.message();
  ASSERT_EQ(lines.size(), 9u);
  EXPECT_EQ(lines[0], "Arguments: train");
  EXPECT_EQ(lines[8], "[4]#011train-auc:0.99000#011validation-auc:0.97200");
  EXPECT_EQ(stats.lines, 9u);
  EXPECT_EQ(stats.format, "cloudwatch-api");

  int seen = 0;
  st = (*src)->ReadLog(job->log_paths[0], [&](std::string_view, std::string_view) { return ++seen < 3; }, nullptr);
  EXPECT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(seen, 3);
}

TEST(SageMakerSource, UnknownJob) {
  MG_REQUIRE_AWS_SERVERS();
  auto src = OpenSageMakerJob(ApiConfig(), "no-such-job");
  ASSERT_TRUE(src.ok());
  auto job = job::LoadJob(**src);
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.status().message(),
            "SageMaker DescribeTrainingJob no-such-job: ValidationException: Requested resource not found.");
}

TEST(SageMakerSource, ListAndRegisteredScheme) {
  MG_REQUIRE_AWS_SERVERS();
  auto jobs = ListSageMakerJobs(ApiConfig(), "listing-job");
  ASSERT_TRUE(jobs.ok()) << jobs.status().message();
  ASSERT_EQ(jobs->size(), 12u);
  EXPECT_EQ((*jobs)[0].name, "listing-job-11");

  // Through job::OpenJobSource, configured from the environment as the CLI would be.
  ::setenv("AWS_ACCESS_KEY_ID", testing::Var("MODELGATE_TEST_AWS_ACCESS_KEY_ID").c_str(), 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", testing::Var("MODELGATE_TEST_AWS_SECRET_ACCESS_KEY").c_str(), 1);
  ::setenv("AWS_SESSION_TOKEN", testing::Var("MODELGATE_TEST_AWS_SESSION_TOKEN").c_str(), 1);
  ::setenv("AWS_REGION", testing::Var("MODELGATE_TEST_AWS_REGION").c_str(), 1);
  ::setenv("AWS_ENDPOINT_URL", testing::Var("MODELGATE_TEST_AWS_ENDPOINT").c_str(), 1);
  RegisterSageMakerJobSource();
  auto src = job::OpenJobSource("sagemaker:xgboost-failed");
  ASSERT_TRUE(src.ok()) << src.status().message();
  auto job = job::LoadJob(**src);
  ASSERT_TRUE(job.ok()) << job.status().message();
  EXPECT_EQ(job->failure_reason.rfind("AlgorithmError: ", 0), 0u);
  auto listed = job::ListJobs("sagemaker:xgboost-");
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  EXPECT_EQ(listed->size(), 3u);
}

}  // namespace
}  // namespace mg::aws
