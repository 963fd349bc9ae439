// `modelgate metrics` end to end: table and streaming paths agree, seeded intervals reproduce,
// slices, curves, header-less files. Values against scikit-learn: tests/parity.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/testing.h"

namespace {

using nlohmann::json;
using mg::testing::RunCli;

std::string BinaryCsv() {
  std::string text = "y,score,region\n";
  for (int i = 0; i < 200; ++i) {
    const int y = (i * 7) % 3 == 0;
    const double s = ((i * 37) % 100) / 100.0 * 0.6 + 0.4 * y;
    text += std::to_string(y) + "," + std::to_string(s) + "," + std::to_string(i % 4 == 3 ? 9 : i % 2) + "\n";
  }
  return text;
}

json RunJson(const std::vector<std::string>& args) {
  auto r = RunCli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? json::parse(r.out) : json();
}

TEST(MetricsCli, StreamingAndTablePathsAgreeAndCiIsSeeded) {
  mg::testing::TempDir dir;
  const std::string f = dir.Write("p.csv", BinaryCsv());
  const std::vector<std::string> base = {"metrics", f, "--task", "binary", "--label", "y", "--score", "score", "--json"};
  json plain = RunJson(base);
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = base;
    a.insert(a.end(), extra.begin(), extra.end());
    return RunJson(a);
  };
  json ci1 = with({"--ci", "--ci-samples", "100", "--seed", "5"});
  json ci2 = with({"--ci", "--ci-samples", "100", "--seed", "5"});
  json ci3 = with({"--ci", "--ci-samples", "100", "--seed", "6"});
  EXPECT_EQ(plain["metrics"], ci1["metrics"]);
  EXPECT_EQ(ci1["ci"], ci2["ci"]);
  EXPECT_NE(ci1["ci"], ci3["ci"]);
  EXPECT_EQ(ci1["ci"]["roc_auc"]["method"], "delong");
  EXPECT_EQ(ci1["ci"]["f1"]["method"], "bootstrap");
  for (const auto& [k, v] : plain["metrics"].items()) EXPECT_TRUE(ci1["ci"].contains(k)) << k;
  EXPECT_TRUE(plain.contains("best_thresholds"));
}

TEST(MetricsCli, SlicesCurvesAndNoHeader) {
  mg::testing::TempDir dir;
  const std::string f = dir.Write("p.csv", BinaryCsv());
  json j = RunJson({"metrics", f, "--task", "binary", "--label", "y", "--score", "score", "--slice", "region",
                "--min-slice-size", "60", "--curves", "--json"});
  ASSERT_EQ(j["slices"].size(), 1u);  // region 0 has 100 rows, regions 1 and 9 have 50
  EXPECT_EQ(j["slices"][0]["value"], "0");
  EXPECT_EQ(j["slices"][0]["result"]["n"], 100);
  ASSERT_EQ(j["skipped_slices"].size(), 2u);
  EXPECT_EQ(j["skipped_slices"][1]["value"], "9");
  EXPECT_EQ(j["skipped_slices"][1]["n"], 50);
  EXPECT_EQ(j["curves"]["roc"].back()["fpr"], 1.0);
  EXPECT_TRUE(j["curves"]["expected_calibration_error"].is_number());
  std::string body = BinaryCsv();
  body = body.substr(body.find('\n') + 1);
  const std::string g = dir.Write("q.csv", body);
  json k = RunJson({"metrics", g, "--task", "binary", "--label", "0", "--score", "1", "--json"});
  EXPECT_EQ(k["metrics"], RunJson({"metrics", f, "--task", "binary", "--label", "y", "--score", "score", "--json"})["metrics"]);
}

TEST(MetricsCli, TextOutputAndUsageErrors) {
  mg::testing::TempDir dir;
  const std::string f = dir.Write("p.csv", BinaryCsv());
  auto r = RunCli({"metrics", f, "--task", "binary", "--label", "y", "--score", "score"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("roc_auc"), std::string::npos);
  EXPECT_NE(r.out.find("best f1"), std::string::npos);
  auto bad = RunCli({"metrics", f, "--task", "binary", "--label", "y", "--score", "score", "--zero-division", "0.5"});
  EXPECT_EQ(bad.exit_code, 2);
  auto two = RunCli({"metrics", f, "--task", "binary", "--label", "y", "--score", "score,region"});
  EXPECT_EQ(two.exit_code, 2);
  EXPECT_NE(two.err.find("takes one score column"), std::string::npos) << two.err;
}

}  // namespace
