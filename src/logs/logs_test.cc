#include "logs/logs.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/testing.h"
#include "job/source.h"
#include "logs/agreement.h"
#include "logs/joblogs.h"

namespace mg::logs {
namespace {

const std::string kNum = R"(([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?))";

MetricExtractor Make(std::vector<job::MetricDefinition> defs, bool builtin = true) {
  auto e = MetricExtractor::Create(defs, builtin);
  EXPECT_TRUE(e.ok()) << e.status().message();
  return std::move(e).value();
}

TEST(MetricExtractor, DefinitionsMatchCloudWatchAndRawTabs) {
  MetricExtractor e = Make({{"validation:auc", ".*\\[[0-9]+\\].*#011validation-auc:" + kNum},
                            {"tab:auc", "validation-auc:([0-9.]+)\\t"}},
                           false);
  e.AddLine("[0]#011train-auc:0.9#011validation-auc:0.8");
  e.AddLine("[1]\ttrain-auc:0.95\tvalidation-auc:0.85\tvalidation-logloss:0.4");
  const auto& m = e.metrics();
  ASSERT_EQ(m.series.at("validation:auc").count, 2u);
  EXPECT_EQ(m.series.at("validation:auc").points[1].step, 1);
  EXPECT_DOUBLE_EQ(m.series.at("validation:auc").last(), 0.85);
  EXPECT_DOUBLE_EQ(m.series.at("tab:auc").last(), 0.85);
  EXPECT_EQ(m.last_round, 1);
}

TEST(MetricExtractor, GreedyCaptureIsCutAtTheNextField) {
  // The (\S+) caveat: the capture runs on into "#011validation-...".
  MetricExtractor e = Make({{"train:auc", ".*\\[[0-9]+\\].*#011train-auc:(\\S+)"}}, false);
  e.AddLine("[3]#011train-auc:0.91#011validation-auc:0.88");
  EXPECT_DOUBLE_EQ(e.metrics().series.at("train:auc").last(), 0.91);
  EXPECT_EQ(e.metrics().unparsed, 0u);
}

TEST(MetricExtractor, BuiltinXgboostParsesEveryField) {
  MetricExtractor e = Make({});
  e.AddLine("[0]#011train-rmse:19.4101#011validation-rmse:19.455#011validation-ndcg@10:0.5");
  e.AddLine("[1]\ttrain-rmse:nan\tvalidation-rmse:inf");
  e.AddLine("[2]#011train-rmse:oops");
  const auto& m = e.metrics();
  EXPECT_DOUBLE_EQ(m.series.at("train:rmse").points[0].value, 19.4101);
  EXPECT_DOUBLE_EQ(m.series.at("validation:ndcg@10").last(), 0.5);
  EXPECT_TRUE(std::isnan(m.series.at("train:rmse").last()));
  EXPECT_EQ(m.series.at("train:rmse").first_nonfinite_step, 1);
  EXPECT_TRUE(std::isinf(m.series.at("validation:rmse").last()));
  EXPECT_EQ(m.series.at("train:rmse").source, "builtin");
  EXPECT_EQ(m.unparsed, 1u);
}

TEST(MetricExtractor, DefinitionWinsOverBuiltinForTheSameName) {
  MetricExtractor e = Make({{"train:rmse", "train-rmse:" + kNum}});
  e.AddLine("[0]#011train-rmse:2.5#011validation-rmse:3.5");
  EXPECT_EQ(e.metrics().series.at("train:rmse").source, "log");
  EXPECT_EQ(e.metrics().series.at("train:rmse").count, 1u);
  EXPECT_EQ(e.metrics().series.at("validation:rmse").source, "builtin");
}

TEST(MetricExtractor, BadDefinitionsAreInputErrors) {
  auto a = MetricExtractor::Create({{"x", "("}});
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("metric definition 'x': invalid regex"), std::string::npos);
  auto b = MetricExtractor::Create({{"y", "loss=[0-9.]+"}});
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("no capture group"), std::string::npos);
}

TEST(MetricExtractor, EarlyStoppingAndTheRepeatedBestRound) {
  MetricExtractor e = Make({});
  e.AddLine("Will train until validation-logloss hasn't improved in 10 rounds.");
  for (int i = 0; i <= 30; ++i) e.AddLine("[" + std::to_string(i) + "]#011validation-logloss:0.5");
  e.AddLine("Stopping. Best iteration:");
  e.AddLine("[20]#011validation-logloss:0.4");
  const auto& m = e.metrics();
  EXPECT_TRUE(m.early_stopping.seen);
  EXPECT_EQ(m.early_stopping.best_iteration, 20);
  EXPECT_EQ(m.early_stopping.patience, 10);
  EXPECT_EQ(m.series.at("validation:logloss").count, 31u);
  EXPECT_EQ(m.series.at("validation:logloss").last_point.step, 30);
}

TEST(Series, StaysBoundedAndKeepsTheTruth) {
  Series s;
  const int64_t n = 5 * static_cast<int64_t>(kMaxPoints) + 7;
  for (int64_t i = 0; i < n; ++i) s.Add(i, i == 12345 ? NAN : static_cast<double>(i));
  EXPECT_LT(s.points.size(), kMaxPoints);
  EXPECT_EQ(s.count, static_cast<uint64_t>(n));
  EXPECT_EQ(s.last_point.step, n - 1);
  EXPECT_EQ(s.first_nonfinite_step, 12345);
  EXPECT_GT(s.stride, 1u);
  for (size_t i = 1; i < s.points.size(); ++i) EXPECT_LT(s.points[i - 1].step, s.points[i].step);
}

// The example job's log was written from xgboost's own evals_result; describe.json's
// FinalMetricDataList holds the same numbers: the oracle for the extraction.
TEST(MetricExtractor, ExampleLogMatchesXgboostFinalMetrics) {
  auto src = job::OpenJobSource(testing::SourcePath("examples/jobs/breast-cancer-xgboost"));
  ASSERT_TRUE(src.ok());
  auto j = job::LoadJob(**src);
  ASSERT_TRUE(j.ok());
  auto l = ReadJobLogs(**src, &*j, {});
  ASSERT_TRUE(l.ok()) << l.status().message();
  ASSERT_EQ(j->final_metrics.size(), 6u);
  for (const auto& f : j->final_metrics) {
    ASSERT_TRUE(l->metrics.series.count(f.name)) << f.name;
    EXPECT_DOUBLE_EQ(l->metrics.series.at(f.name).last(), f.value) << f.name;
    EXPECT_EQ(l->metrics.series.at(f.name).count, 60u);
  }
  EXPECT_EQ(l->metrics.last_round, 59);
  EXPECT_EQ(l->metrics.skipped, 0u);
  EXPECT_FALSE(l->tail.empty());
}

TEST(ReadJobLogs, MetricsJsonBesideTheLogs) {
  testing::TempDir dir;
  std::string job = dir.path() + "/job";
  std::filesystem::create_directories(job);
  std::filesystem::copy(testing::SourcePath("examples/jobs/fraud-xgboost-running"), job,
                        std::filesystem::copy_options::recursive);
  dir.Write("job/metrics.json", R"({"metrics": {"validation:auc": 0.9, "epoch_loss": [0.7, 0.5, 0.4],
                                    "f1": [{"step": 10, "value": 0.5}, {"step": 20, "value": 0.6}], "run": "abc"}})");
  auto src = job::OpenJobSource(job);
  ASSERT_TRUE(src.ok());
  auto j = job::LoadJob(**src);
  auto l = ReadJobLogs(**src, &*j, {});
  ASSERT_TRUE(l.ok()) << l.status().message();
  EXPECT_NE(l->metrics_json.find("metrics.json"), std::string::npos);
  EXPECT_DOUBLE_EQ(l->metrics.series.at("script:validation:auc").last(), 0.9);  // log has validation:auc too
  EXPECT_EQ(l->metrics.series.at("epoch_loss").count, 3u);
  EXPECT_EQ(l->metrics.series.at("f1").last_point.step, 20);
  EXPECT_FALSE(l->metrics.series.count("run"));
}

TEST(ParseMetricsJson, RejectsNonMetrics) {
  EXPECT_FALSE(ParseMetricsJson("[1,2]", "m.json").ok());
  auto bad = ParseMetricsJson(R"({"loss": [1, "x", {}]})", "m.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("m.json: loss[1]"), std::string::npos) << bad.status().message();
}

TEST(LoadMetricDefinitions, SageMakerJsonAndYaml) {
  testing::TempDir dir;
  auto j = LoadMetricDefinitions(dir.Write("d.json", R"j([{"Name": "train:loss", "Regex": "loss=([0-9.]+)"}])j"));
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ((*j)[0].name, "train:loss");
  auto y = LoadMetricDefinitions(dir.Write("d.yaml", "MetricDefinitions:\n  - Name: a\n    Regex: 'a=(\\S+)'\n"));
  ASSERT_TRUE(y.ok()) << y.status().message();
  EXPECT_EQ((*y)[0].regex, "a=(\\S+)");
  EXPECT_FALSE(LoadMetricDefinitions(dir.Write("bad.json", R"([{"Name": "x"}])")).ok());
}

TEST(Agreement, MapsXgboostNamesAndUsesATolerance) {
  LogMetrics m;
  m.series["validation:auc"].Add(59, 0.98788);
  m.series["validation:error"].Add(59, 0.03509);
  m.series["validation:logloss"].Add(59, 0.9);
  m.series["train:auc"].Add(59, 1.0);
  std::map<std::string, double> rec = {{"roc_auc", 0.99206}, {"accuracy", 0.94737}, {"log_loss", 0.11278}};
  auto a = CompareWithRecomputed(m, nullptr, rec);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].metric, "roc_auc");
  EXPECT_TRUE(a[0].agrees);
  EXPECT_EQ(a[1].metric, "1-accuracy");
  EXPECT_NEAR(a[1].recomputed, 0.05263, 1e-9);
  EXPECT_TRUE(a[1].agrees);
  EXPECT_EQ(a[2].metric, "log_loss");
  EXPECT_FALSE(a[2].agrees);
  EXPECT_NE(a[2].message.find("0.9"), std::string::npos);
  EXPECT_NE(a[2].message.find("0.11278"), std::string::npos);
}

// A multi-GB log in bounded memory: the reader keeps one line, series are capped. Here 40 MB
// of XGBoost rounds; the series stays under kMaxPoints whatever the round count.
TEST(ReadJobLogs, LargeLogStreams) {
  testing::TempDir dir;
  std::string path = dir.Path("big.log");
  {
    std::ofstream out(path);
    for (int i = 0; i < 600000; ++i)
      out << "[" << i << "]\ttrain-rmse:" << 1.0 / (i + 1) << "\tvalidation-rmse:" << 2.0 / (i + 1) << "\n";
  }
  auto src = job::MakeLogFilesSource({path});
  auto l = ReadJobLogs(*src, nullptr, {});
  ASSERT_TRUE(l.ok());
  const Series& s = l->metrics.series.at("train:rmse");
  EXPECT_EQ(s.count, 600000u);
  EXPECT_LT(s.points.size(), kMaxPoints);
  EXPECT_EQ(s.last_point.step, 599999);
  EXPECT_EQ(l->tail.size(), 200u);
}

}  // namespace
}  // namespace mg::logs
