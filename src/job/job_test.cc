#include "job/job.h"

#include <gtest/gtest.h>

#include "core/testing.h"
#include "job/timeline.h"

namespace mg::job {
namespace {

const char* kDescribe = R"({
  "TrainingJobName": "j-1", "TrainingJobStatus": "Failed", "SecondaryStatus": "Failed",
  "CreationTime": "2026-11-29T08:15:00.000Z", "TrainingEndTime": "2026-11-29T08:18:04Z",
  "FailureReason": "ClientError: Data download failed",
  "SecondaryStatusTransitions": [
    {"Status": "Starting", "StartTime": "2026-11-29T08:15:00.000Z", "EndTime": "2026-11-29T08:16:40.000Z", "StatusMessage": "Preparing"},
    {"Status": "Downloading", "StartTime": "2026-11-29T08:16:40.000Z", "StatusMessage": "Downloading input data"}],
  "HyperParameters": {"num_round": "100"},
  "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 2, "VolumeSizeInGB": 30},
  "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
  "EnableManagedSpotTraining": true,
  "InputDataConfig": [{"ChannelName": "train", "ContentType": "text/csv",
                       "DataSource": {"S3DataSource": {"S3Uri": "s3://b/train/"}}}],
  "OutputDataConfig": {"S3OutputPath": "s3://b/model"},
  "TrainingTimeInSeconds": 84, "BillableTimeInSeconds": 42
})";

TEST(ParseDescribeJson, ReadsTheFieldsStatusNeeds) {
  auto r = ParseDescribeJson(kDescribe, "d.json");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->name, "j-1");
  EXPECT_EQ(r->status, JobStatus::kFailed);
  EXPECT_EQ(r->instance_count, 2);
  EXPECT_EQ(r->max_runtime_seconds, 3600);
  EXPECT_TRUE(r->managed_spot);
  EXPECT_EQ(r->billable_seconds, 42);
  EXPECT_EQ(r->training_seconds, 84);
  ASSERT_EQ(r->channels.size(), 1u);
  EXPECT_EQ(r->channels[0].s3_uri, "s3://b/train/");
  EXPECT_EQ(r->channels[0].content_type, "text/csv");
  EXPECT_EQ(r->output_path, "s3://b/model");
  ASSERT_EQ(r->transitions.size(), 2u);
}

TEST(ParseDescribeJson, ErrorsNameTheField) {
  auto bad = ParseDescribeJson(R"({"TrainingJobName": "x", "TrainingJobStatus": "Done"})", "d.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("d.json: field TrainingJobStatus is 'Done'"), std::string::npos);
  auto chan = ParseDescribeJson(R"({"TrainingJobName": "x", "TrainingJobStatus": "Failed", "InputDataConfig": [1]})", "d.json");
  ASSERT_FALSE(chan.ok());
  EXPECT_NE(chan.status().message().find("InputDataConfig[0] must be an object"), std::string::npos);
  EXPECT_FALSE(ParseDescribeJson("not json", "d.json").ok());
  EXPECT_FALSE(ParseDescribeJson(R"({"TrainingJobStatus": "Failed"})", "d.json").ok());
}

TEST(Timeline, DurationsPerTransitionAndForTheJob) {
  auto r = ParseDescribeJson(kDescribe, "d.json");
  ASSERT_TRUE(r.ok());
  auto t = Timeline(*r);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].seconds, 100);
  EXPECT_EQ(t[1].seconds, -1);  // still running: no EndTime
  EXPECT_EQ(JobDuration(*r), 184);
}

TEST(Timeline, ParsesTheTimestampFormsAwsPrints) {
  EXPECT_EQ(ParseIsoTime("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseIsoTime("2026-11-29T08:15:00.000Z"), 1795940100);
  EXPECT_EQ(ParseIsoTime("2026-11-29T09:15:00.123+01:00"), 1795940100);
  EXPECT_EQ(ParseIsoTime("2026-11-29 08:15:00"), 1795940100);
  EXPECT_EQ(ParseIsoTime("2024-02-29T00:00:00Z"), 1709164800);
  EXPECT_FALSE(ParseIsoTime("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(ParseIsoTime("yesterday"));
  EXPECT_FALSE(ParseIsoTime("2026-11-29T08:15:00Zjunk"));
  EXPECT_FALSE(ParseIsoTime(""));
}

TEST(Timeline, FormatsDurations) {
  EXPECT_EQ(FormatDuration(-1), "-");
  EXPECT_EQ(FormatDuration(45), "45s");
  EXPECT_EQ(FormatDuration(192), "3m12s");
  EXPECT_EQ(FormatDuration(7500), "2h05m");
  EXPECT_EQ(FormatDuration(273600), "3d04h");
}

TEST(LoadDescribeFile, FindsLogsNamedAfterTheJobBesideIt) {
  testing::TempDir dir;
  std::string d = dir.Write("j-1.json", kDescribe);
  dir.Write("j-1-algo-1.log", "line\n");
  dir.Write("other-job.log", "line\n");
  auto r = LoadDescribeFile(d);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->log_paths.size(), 1u);
  EXPECT_NE(r->log_paths[0].find("j-1-algo-1.log"), std::string::npos);
  auto named = LoadDescribeFile(d, {dir.Path("other-job.log")});
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->log_paths, std::vector<std::string>{dir.Path("other-job.log")});
  auto missing = LoadDescribeFile(d, {dir.Path("nope.log")});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nope.log: --log file not found"), std::string::npos);
}

TEST(LoadJobFolder, ExampleJobs) {
  auto r = LoadJobFolder(testing::SourcePath("examples/jobs/breast-cancer-xgboost"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, JobStatus::kCompleted);
  EXPECT_FALSE(r->artifact_path.empty());
  EXPECT_EQ(r->log_paths.size(), 1u);
  EXPECT_EQ(r->channels.size(), 2u);
}

}  // namespace
}  // namespace mg::job
