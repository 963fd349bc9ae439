#include "job/source.h"

#include <gtest/gtest.h>

#include "core/testing.h"
#include "job/logfile.h"

namespace mg::job {
namespace {

struct Read {
  std::vector<std::pair<std::string, std::string>> lines;  // (stream, line)
  LogReadStats stats;
  Status status;
};

Read ReadAll(const std::string& path) {
  Read r;
  r.status = ReadLogFile(path, [&](std::string_view s, std::string_view l) {
    r.lines.emplace_back(std::string(s), std::string(l));
    return true;
  }, &r.stats);
  return r;
}

TEST(ReadLogFile, PlainTextWithCrAndTimestamps) {
  testing::TempDir dir;
  std::string p = dir.Write("a.log",
                            "2026-11-30T10:03:02.117Z [0]#011train-rmse:1.5\r\n"
                            "[2026-11-30:10:03:02:INFO] kept as is\n"
                            "2026-11-30 10:03:02,117 sagemaker-training-toolkit INFO x\n"
                            "no newline at the end");
  Read r = ReadAll(p);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.stats.format, "text");
  ASSERT_EQ(r.lines.size(), 4u);
  EXPECT_EQ(r.lines[0].second, "[0]#011train-rmse:1.5");
  EXPECT_EQ(r.lines[1].second, "[2026-11-30:10:03:02:INFO] kept as is");
  EXPECT_EQ(r.lines[2].second, "sagemaker-training-toolkit INFO x");
  EXPECT_EQ(r.lines[3].second, "no newline at the end");
  EXPECT_EQ(r.lines[0].first, p);
}

TEST(ReadLogFile, MalformedLinesAreSkippedAndCounted) {
  testing::TempDir dir;
  std::string big(kMaxLineBytes + 10, 'x');
  std::string nul("bin\0ary", 7);
  std::string p = dir.Write("a.log", "first\n" + big + "\n" + nul + "\nlast\n" + big);
  Read r = ReadAll(p);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.stats.skipped, 3u);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[1].second, "last");
}

TEST(ReadLogFile, GetLogEventsJson) {
  testing::TempDir dir;
  std::string p = dir.Write("events.json", R"({
    "events": [
        {"timestamp": 1764496982000, "message": "[0]\ttrain-auc:0.9\tvalidation-auc:0.8", "ingestionTime": 1764496983000},
        {"timestamp": 1764496982001, "message": "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\nValueError: bad\n", "ingestionTime": 1764496983000}
    ],
    "nextForwardToken": "f/38000000000000000000000000000000000000000000000000000000",
    "nextBackwardToken": "b/38000000000000000000000000000000000000000000000000000000"
})");
  Read r = ReadAll(p);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.stats.format, "cloudwatch-json");
  ASSERT_EQ(r.lines.size(), 4u);
  EXPECT_EQ(r.lines[0].second, "[0]\ttrain-auc:0.9\tvalidation-auc:0.8");
  EXPECT_EQ(r.lines[3].second, "ValueError: bad");
  EXPECT_EQ(r.stats.skipped, 0u);
}

TEST(ReadLogFile, FilterLogEventsJsonNamesTheStream) {
  testing::TempDir dir;
  std::string p = dir.Write("filter.json", R"({"events": [
    {"logStreamName": "j-1/algo-1-1764496982", "timestamp": 1, "message": "a", "ingestionTime": 2, "eventId": "1"},
    {"logStreamName": "j-1/algo-2-1764496982", "timestamp": 1, "message": "b", "ingestionTime": 2, "eventId": "2"}],
    "searchedLogStreams": [{"logStreamName": "j-1/algo-1-1764496982", "searchedCompletely": true}]})");
  Read r = ReadAll(p);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].first, "j-1/algo-1-1764496982");
  EXPECT_EQ(r.lines[1].first, "j-1/algo-2-1764496982");
  EXPECT_EQ(r.lines[1].second, "b");
}

TEST(ReadLogFile, BareEventArrayAndTruncatedJson) {
  testing::TempDir dir;
  Read a = ReadAll(dir.Write("arr.json", R"([{"timestamp": 1, "message": "one"}, {"timestamp": 2, "message": "two"}])"));
  ASSERT_EQ(a.lines.size(), 2u);
  Read t = ReadAll(dir.Write("cut.json", R"({"events": [{"timestamp": 1, "message": "one"}, {"timestamp": 2, "mess)"));
  ASSERT_TRUE(t.status.ok());
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_EQ(t.stats.skipped, 1u);
  EXPECT_NE(t.stats.warning.find("after 1 events"), std::string::npos) << t.stats.warning;
}

TEST(ReadLogFile, JsonLinesFromAScriptAreText) {
  testing::TempDir dir;
  Read r = ReadAll(dir.Write("s.log", "{\"epoch\": 1, \"loss\": 0.5}\n{\"epoch\": 2, \"loss\": 0.4}\n"));
  EXPECT_EQ(r.stats.format, "text");
  EXPECT_EQ(r.lines.size(), 2u);
}

TEST(ReadLogFile, MissingFileIsAnInputError) {
  Read r = ReadAll("/nonexistent/x.log");
  EXPECT_EQ(r.status.code(), Status::Code::kInput);
  EXPECT_NE(r.status.message().find("/nonexistent/x.log: cannot open"), std::string::npos);
}

TEST(OpenJobSource, FolderAndDescribeFile) {
  auto f = OpenJobSource(testing::SourcePath("examples/jobs/churn-xgboost-failed"));
  ASSERT_TRUE(f.ok()) << f.status().message();
  auto j = LoadJob(**f);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->status, JobStatus::kFailed);
  ASSERT_EQ(j->log_paths.size(), 1u);

  testing::TempDir dir;
  std::string d = dir.Write("x.json", testing::ReadAll(testing::SourcePath("examples/jobs/churn-xgboost-failed/describe.json")));
  std::string log = dir.Write("my.log", "Traceback (most recent call last):\nKeyError: 'x'\n");
  auto s = OpenJobSource(d, OpenOptions{{log}});
  ASSERT_TRUE(s.ok()) << s.status().message();
  auto streams = (*s)->LogStreams();
  ASSERT_TRUE(streams.ok());
  EXPECT_EQ(*streams, std::vector<std::string>{log});
  EXPECT_TRUE((*s)->Locate(*LoadJob(**s)).artifact.empty());
}

TEST(OpenJobSource, SchemesAreRegistered) {
  auto none = OpenJobSource("sagemaker:churn-xgboost-2026");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("built without the AWS client"), std::string::npos);
  EXPECT_FALSE(OpenJobSource("ftp:x").ok());
  EXPECT_FALSE(OpenJobSource("/nonexistent/job").ok());

  std::string describe = R"({"TrainingJobName": "mem-1", "TrainingJobStatus": "Completed"})";
  RegisterJobSourceScheme("memtest", SchemeHandler{
      [describe](const std::string& rest, const OpenOptions&) -> Result<std::unique_ptr<JobSource>> {
        return MakeMemorySource("memtest:" + rest, describe, {{rest + "/algo-1", "[0]#011train-auc:0.5\nlast"}});
      },
      [describe](const std::string&) -> Result<std::vector<JobRecord>> {
        return std::vector<JobRecord>{*ParseDescribeJson(describe, "mem")};
      }});
  auto s = OpenJobSource("memtest:mem-1");
  ASSERT_TRUE(s.ok());
  auto j = LoadJob(**s);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->name, "mem-1");
  EXPECT_EQ(j->log_paths, std::vector<std::string>{"mem-1/algo-1"});
  std::vector<std::string> lines;
  LogReadStats st;
  ASSERT_TRUE((*s)->ReadLog("mem-1/algo-1", [&](std::string_view, std::string_view l) {
    lines.emplace_back(l);
    return true;
  }, &st).ok());
  EXPECT_EQ(lines, (std::vector<std::string>{"[0]#011train-auc:0.5", "last"}));
  auto listed = ListJobs("memtest:");
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 1u);
}

TEST(ListJobs, FolderOfFoldersAndDescribeFiles) {
  auto all = ListJobs(testing::SourcePath("examples/jobs"));
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_GE(all->size(), 3u);
  testing::TempDir dir;
  dir.Write("a.json", R"({"TrainingJobName": "a", "TrainingJobStatus": "Stopped"})");
  dir.Write("events.json", R"({"events": []})");
  dir.Write("notes.txt", "hello");
  dir.Write("empty-folder/x.txt", "");
  auto l = ListJobs(dir.path());
  ASSERT_TRUE(l.ok());
  ASSERT_EQ(l->size(), 1u);
  EXPECT_EQ((*l)[0].status, JobStatus::kStopped);
  EXPECT_FALSE(ListJobs("/nonexistent/dir").ok());
}

}  // namespace
}  // namespace mg::job
