// SageMaker against the AWS-shaped fake (tests/servers/aws-fake.js, fixtures/aws/*.json).
#include "aws/sagemaker.h"

#include <gtest/gtest.h>

#include "aws/test_servers.h"

namespace mg::aws {
namespace {

using testing::ApiConfig;

std::unique_ptr<SageMakerClient> Client(AwsConfig c = ApiConfig()) {
  ClientOptions o;
  o.retry.base_delay = std::chrono::milliseconds(5);
  auto sm = SageMakerClient::Create(c, o);
  EXPECT_TRUE(sm.ok()) << sm.status().message();
  return std::move(sm).value();
}

TEST(SageMaker, DescribeTrainingJob) {
  MG_REQUIRE_AWS_SERVERS();
  auto j = Client()->DescribeTrainingJob("xgboost-completed");
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ((*j)["TrainingJobName"], "xgboost-completed");
  EXPECT_EQ((*j)["TrainingJobStatus"], "Completed");
  EXPECT_EQ((*j)["ModelArtifacts"]["S3ModelArtifacts"],
            "s3://modelgate-test/output/xgboost-completed/output/model.tar.gz");
  EXPECT_EQ((*j)["ResourceConfig"]["InstanceType"], "ml.m5.xlarge");
  EXPECT_TRUE((*j)["CreationTime"].is_number());
  EXPECT_EQ((*j)["SecondaryStatusTransitions"].size(), 5u);
  auto failed = Client()->DescribeTrainingJob("xgboost-failed");
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ((*failed)["FailureReason"].get<std::string>().rfind("AlgorithmError: ", 0), 0u);
}

TEST(SageMaker, DescribeUnknownJobIsNotRetried) {
  MG_REQUIRE_AWS_SERVERS();
  auto j = Client()->DescribeTrainingJob("no-such-job");
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().message(),
            "SageMaker DescribeTrainingJob no-such-job: ValidationException: Requested resource not found.");
  EXPECT_EQ(testing::FakeCalls("SageMaker.DescribeTrainingJob no-such-job"), 1);
}

TEST(SageMaker, InvalidNameRefusedBeforeCalling) {
  auto sm = SageMakerClient(std::make_unique<AwsClient>(Credentials{"K", "S", "", "t"}, "us-east-1", "sagemaker",
                                                        "http://127.0.0.1:1"));
  auto j = sm.DescribeTrainingJob("bad_name");
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().message(),
            "SageMaker DescribeTrainingJob bad_name: not a valid training job name (1-63 of a-z, A-Z, 0-9 and "
            "'-', starting and ending with a letter or digit)");
  EXPECT_TRUE(ValidTrainingJobName("xgboost-2024-01-01-12-00-00-123"));
  EXPECT_FALSE(ValidTrainingJobName("-x"));
  EXPECT_FALSE(ValidTrainingJobName(std::string(64, 'a')));
}

TEST(SageMaker, ListTrainingJobsFollowsNextToken) {
  MG_REQUIRE_AWS_SERVERS();
  ListTrainingJobsOptions o;
  o.page_size = 4;
  auto all = Client()->ListTrainingJobs(o);
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 15u);  // 3 fixtures + 12 listing jobs, over 4 pages
  EXPECT_EQ((*all)[0].name, "xgboost-inprogress");  // newest first
  EXPECT_EQ((*all)[0].status, "InProgress");
  EXPECT_EQ((*all)[1].name, "xgboost-failed");
  EXPECT_EQ((*all)[1].end_time, 1733223780.5);
  EXPECT_EQ((*all)[14].name, "listing-job-00");
  for (size_t i = 1; i < all->size(); ++i) EXPECT_GE((*all)[i - 1].creation_time, (*all)[i].creation_time);

  o.name_contains = "listing-job";
  o.status_equals = "Failed";
  o.sort_order = "Ascending";
  auto failed = Client()->ListTrainingJobs(o);
  ASSERT_TRUE(failed.ok());
  ASSERT_EQ(failed->size(), 4u);
  EXPECT_EQ((*failed)[0].name, "listing-job-01");
  EXPECT_EQ((*failed)[3].name, "listing-job-10");

  ListTrainingJobsOptions capped;
  capped.page_size = 2;
  capped.max_jobs = 3;
  EXPECT_EQ(Client()->ListTrainingJobs(capped)->size(), 3u);
}

TEST(SageMaker, ThrottlingIsRetriedThenSucceeds) {
  MG_REQUIRE_AWS_SERVERS();
  auto j = Client()->DescribeTrainingJob("throttled-2-describe");
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ(testing::FakeCalls("SageMaker.DescribeTrainingJob throttled-2-describe"), 3);
  ListTrainingJobsOptions o;
  o.name_contains = "unavailable-1-list";
  auto l = Client()->ListTrainingJobs(o);
  ASSERT_TRUE(l.ok()) << l.status().message();
  EXPECT_EQ(l->size(), 0u);
  EXPECT_EQ(testing::FakeCalls("SageMaker.ListTrainingJobs unavailable-1-list"), 2);
}

TEST(SageMaker, ThrottlingGivesUpAfterMaxAttempts) {
  MG_REQUIRE_AWS_SERVERS();
  AwsConfig c = ApiConfig();
  c.max_attempts = 3;
  auto j = Client(c)->DescribeTrainingJob("throttled-50-forever");
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().message(),
            "SageMaker DescribeTrainingJob throttled-50-forever: ThrottlingException: Rate exceeded (after 3 attempts)");
  EXPECT_EQ(testing::FakeCalls("SageMaker.DescribeTrainingJob throttled-50-forever"), 3);
}

TEST(SageMaker, WrongSecretAndExpiredToken) {
  MG_REQUIRE_AWS_SERVERS();
  AwsConfig c = ApiConfig();
  c.credentials.secret_access_key = "wrong";
  auto j = Client(c)->DescribeTrainingJob("xgboost-completed");
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().message().rfind(
                "SageMaker DescribeTrainingJob xgboost-completed: InvalidSignatureException: The request signature we "
                "calculated does not match",
                0),
            0u)
      << j.status().message();
  c = ApiConfig();
  c.credentials.session_token = testing::Var("MODELGATE_TEST_AWS_EXPIRED_SESSION_TOKEN");
  j = Client(c)->DescribeTrainingJob("xgboost-completed");
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().message(),
            "SageMaker DescribeTrainingJob xgboost-completed: ExpiredTokenException: The security token included in "
            "the request is expired");
}

}  // namespace
}  // namespace mg::aws
