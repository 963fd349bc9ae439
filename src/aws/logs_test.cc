// CloudWatch Logs against the AWS-shaped fake (tests/servers/aws-fake.js).
#include "aws/logs.h"

#include <gtest/gtest.h>

#include "aws/test_servers.h"

namespace mg::aws {
namespace {

using testing::ApiConfig;

std::unique_ptr<LogsClient> Client(AwsConfig c = ApiConfig()) {
  ClientOptions o;
  o.retry.base_delay = std::chrono::milliseconds(5);
  auto logs = LogsClient::Create(c, o);
  EXPECT_TRUE(logs.ok()) << logs.status().message();
  return std::move(logs).value();
}

TEST(Logs, DescribeLogStreamsPaginates) {
  MG_REQUIRE_AWS_SERVERS();
  auto s = Client()->DescribeLogStreams(kTrainingJobLogGroup, "xgboost-inprogress/", 1);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[0].name, "xgboost-inprogress/algo-1-1733227258");
  EXPECT_EQ((*s)[1].name, "xgboost-inprogress/algo-2-1733227258");
  EXPECT_EQ((*s)[0].first_event_ms, 1733227300000);
  auto none = Client()->DescribeLogStreams(kTrainingJobLogGroup, "nothing-here/");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(Logs, GetLogEventsFollowsForwardTokenToTheEnd) {
  MG_REQUIRE_AWS_SERVERS();
  const std::string stream = "xgboost-completed/algo-1-1733220060";
  auto events = Client()->GetLogEvents(kTrainingJobLogGroup, stream, 1000, 2);
  ASSERT_TRUE(events.ok()) << events.status().message();
  ASSERT_EQ(events->size(), 9u);  // 5 pages of 2, the last one partial, then the repeated token
  EXPECT_EQ((*events)[0].message, "Arguments: train");
  EXPECT_EQ((*events)[0].timestamp_ms, 1733220200123);
  EXPECT_EQ((*events)[4].message, "[0]#011train-auc:0.95000#011validation-auc:0.94000");
  EXPECT_EQ((*events)[8].message.rfind("[4]#011", 0), 0u);
  for (size_t i = 1; i < events->size(); ++i) EXPECT_LE((*events)[i - 1].timestamp_ms, (*events)[i].timestamp_ms);
  auto whole = Client()->GetLogEvents(kTrainingJobLogGroup, stream);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->size(), 9u);
  auto capped = Client()->GetLogEvents(kTrainingJobLogGroup, stream, 3, 2);
  ASSERT_FALSE(capped.ok());
  EXPECT_EQ(capped.status().message(),
            "CloudWatch Logs GetLogEvents /aws/sagemaker/TrainingJobs " + stream + ": more than 3 events");
}

TEST(Logs, VisitorErrorStopsReading) {
  MG_REQUIRE_AWS_SERVERS();
  int seen = 0;
  Status st = Client()->ForEachLogEvent(
      kTrainingJobLogGroup, "xgboost-failed/algo-1-1733223655",
      [&](const LogEvent&) { return ++seen == 2 ? Status::Input("enough") : Status::Ok(); }, 1);
  EXPECT_EQ(st.message(), "enough");
  EXPECT_EQ(seen, 2);
}

TEST(Logs, Errors) {
  MG_REQUIRE_AWS_SERVERS();
  auto e = Client()->GetLogEvents("/aws/sagemaker/Nope", "x");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(),
            "CloudWatch Logs GetLogEvents /aws/sagemaker/Nope x: ResourceNotFoundException: The specified log group "
            "does not exist.");
  auto s = Client()->GetLogEvents(kTrainingJobLogGroup, "xgboost-completed/algo-9");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "CloudWatch Logs GetLogEvents /aws/sagemaker/TrainingJobs xgboost-completed/algo-9: "
            "ResourceNotFoundException: The specified log stream does not exist.");
}

TEST(Logs, ThrottlingIsRetried) {
  MG_REQUIRE_AWS_SERVERS();
  auto s = Client()->DescribeLogStreams(kTrainingJobLogGroup, "throttled-3-streams/");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(testing::FakeCalls("Logs_20140328.DescribeLogStreams throttled-3-streams/"), 4);
}

}  // namespace
}  // namespace mg::aws
