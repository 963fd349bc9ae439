// Binary metrics: published scikit-learn toy values, shard merging, errors. The full
// value-by-value comparison with scikit-learn is the parity suite (tests/parity).
#include <gtest/gtest.h>

#include <cmath>

#include <random>

#include "metrics/metrics.h"
#include "metrics/state.h"

namespace mg::metrics {
namespace {

MetricSet Binary(std::vector<double> y, std::vector<double> s, Options o = {}) {
  auto m = ComputeBinary(y, s, o);
  EXPECT_TRUE(m.ok()) << m.status().message();
  return m.ok() ? *m : MetricSet{};
}

TEST(Binary, RocAucIsScaleInvariantSklearn3864) {
  // scikit-learn #3864: roc_auc_score([1, 0, 0], [1e-10, 0, 0]) == 1.0.
  EXPECT_EQ(Binary({1, 0, 0}, {1e-10, 0, 0}).values.at("roc_auc"), 1.0);
}

TEST(Binary, TiesGetHalfCreditSmartcore373) {
  // smartcore #373: y=[0,1,1], s=[.5,.9,.5] -> 0.75 (scikit-learn's value).
  EXPECT_DOUBLE_EQ(Binary({0, 1, 1}, {.5, .9, .5}).values.at("roc_auc"), 0.75);
}

TEST(Binary, BrierOfOneRowSklearnDocs) {
  // brier_score_loss([1], [0.4]) == 0.36 needs both classes for the set; here via two rows.
  auto m = Binary({1, 0}, {0.4, 0.4});
  EXPECT_DOUBLE_EQ(m.values.at("brier_score"), (0.36 + 0.16) / 2);
}

TEST(Binary, F1IsZeroWhenNoTruePositivesEvenWithZeroDivisionOne) {
  // scikit-learn #26864: f1([1,0,0], [0,1,0], zero_division=1) == 0.0.
  Options o;
  o.zero_division = 1;
  auto m = Binary({1, 0, 0}, {0, 1, 0}, o);
  EXPECT_EQ(m.values.at("f1"), 0.0);
  EXPECT_EQ(m.values.at("precision"), 0.0);
}

TEST(Binary, ZeroDivisionSetting) {
  Options o;
  auto m0 = Binary({0, 1}, {0.1, 0.2}, o);  // nothing predicted positive
  EXPECT_EQ(m0.values.at("precision"), 0.0);
  o.zero_division = 1;
  auto m1 = Binary({0, 1}, {0.1, 0.2}, o);
  EXPECT_EQ(m1.values.at("precision"), 1.0);
}

TEST(Binary, ThresholdIsStrict) {
  auto m = Binary({1, 0}, {0.5, 0.2});
  EXPECT_EQ(m.values.at("recall"), 0.0);  // 0.5 is not > 0.5
  EXPECT_EQ(m.confusion.counts, (std::vector<std::vector<double>>{{1, 0}, {1, 0}}));
}

TEST(Binary, ConstantScoreGivesPrevalenceAsAveragePrecision) {
  auto m = Binary({1, 0, 0, 1, 0}, {.3, .3, .3, .3, .3});
  EXPECT_DOUBLE_EQ(m.values.at("average_precision"), 0.4);
  EXPECT_DOUBLE_EQ(m.values.at("roc_auc"), 0.5);
}

TEST(Binary, OneClassMakesRankingMetricsUndefined) {
  auto m = Binary({1, 1, 1}, {.2, .6, .9});
  EXPECT_FALSE(m.values.count("roc_auc"));
  EXPECT_NE(m.undefined.at("roc_auc").find("only one class"), std::string::npos);
  EXPECT_TRUE(m.undefined.count("log_loss"));
}

TEST(Binary, BestThresholdsReproduceTheirValue) {
  std::vector<double> y = {0, 0, 1, 1, 0, 1, 1, 0}, s = {.1, .4, .35, .8, .45, .9, .5, .2};
  auto m = Binary(y, s);
  for (const char* k : {"f1", "youden_j"}) {
    Options o;
    o.threshold = m.best_thresholds.at(k).threshold;
    auto at = Binary(y, s, o);
    const double v = std::string(k) == "f1" ? at.values.at("f1")
                                            : at.values.at("recall") - at.values.at("false_positive_rate");
    EXPECT_DOUBLE_EQ(v, m.best_thresholds.at(k).value) << k;
  }
}

TEST(Binary, ShardsMergeExactly) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> y(3000), s(3000);
  for (size_t i = 0; i < y.size(); ++i) {
    y[i] = u(rng) < 0.3;
    s[i] = std::round(u(rng) * 50) / 50;  // ties across shards
  }
  BinaryState whole, merged;
  ASSERT_TRUE(whole.Add(y, s).ok());
  for (size_t start = 0; start < y.size(); start += 700) {
    const size_t len = std::min<size_t>(700, y.size() - start);
    BinaryState shard;
    ASSERT_TRUE(shard.Add(std::span(y).subspan(start, len), std::span(s).subspan(start, len), {}, start).ok());
    ASSERT_TRUE(merged.Merge(shard).ok());
  }
  auto a = whole.Finish(), b = merged.Finish();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->confusion.counts, b->confusion.counts);
  for (const char* k : {"roc_auc", "average_precision", "accuracy", "precision", "recall", "f1", "matthews_corrcoef"})
    EXPECT_EQ(a->values.at(k), b->values.at(k)) << k;
  EXPECT_NEAR(a->values.at("log_loss"), b->values.at("log_loss"), 1e-15);
}

TEST(Binary, IntegerWeightsEqualRepeatedRows) {
  std::vector<double> y = {0, 1, 1, 0, 1}, s = {.2, .7, .4, .6, .9}, w = {2, 1, 3, 1, 2};
  std::vector<double> yr, sr;
  for (size_t i = 0; i < y.size(); ++i)
    for (int k = 0; k < w[i]; ++k) yr.push_back(y[i]), sr.push_back(s[i]);
  auto a = ComputeBinary(y, s, {}, w);
  auto b = ComputeBinary(yr, sr);
  ASSERT_TRUE(a.ok() && b.ok());
  for (const auto& [k, v] : b->values) EXPECT_NEAR(a->values.at(k), v, 1e-12) << k;
}

TEST(Binary, ErrorsNameTheRow) {
  auto nan = ComputeBinary(std::vector<double>{0, 1, 0}, std::vector<double>{.1, NAN, .3});
  ASSERT_FALSE(nan.ok());
  EXPECT_NE(nan.status().message().find("row 2"), std::string::npos) << nan.status().message();
  auto three = ComputeBinary(std::vector<double>{0, 1, 2}, std::vector<double>{.1, .2, .3});
  ASSERT_FALSE(three.ok());
  EXPECT_NE(three.status().message().find("row 3: a third label value (2)"), std::string::npos);
  auto pos = ComputeBinary(std::vector<double>{2, 3}, std::vector<double>{.1, .2});
  ASSERT_FALSE(pos.ok());
  EXPECT_NE(pos.status().message().find("pos_label 1"), std::string::npos);
  auto w = ComputeBinary(std::vector<double>{0, 1}, std::vector<double>{.1, .2}, {}, std::vector<double>{1, -1});
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("row 2: sample weight -1"), std::string::npos);
}

TEST(Binary, EveryNameIsProducedOrUndefined) {
  auto m = Binary({0, 1, 1, 0}, {.2, .8, .4, .6});
  for (const auto& name : MetricNames(Task::kBinary)) EXPECT_TRUE(m.values.count(name) || m.undefined.count(name)) << name;
  EXPECT_EQ(&BinaryMetricNames(), &MetricNames(Task::kBinary));
}

TEST(Curves, RocEndsAtCornersAndEceOfPerfectCalibration) {
  BinaryState st;
  std::vector<double> y = {0, 0, 1, 1}, s = {0.25, 0.25, 0.75, 0.75};
  ASSERT_TRUE(st.Add(y, s).ok());
  auto c = ComputeCurves(st);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->roc.front().x, 0);
  EXPECT_EQ(c->roc.back().x, 1);
  EXPECT_EQ(c->roc.back().y, 1);
  ASSERT_EQ(c->calibration.size(), 2u);
  EXPECT_DOUBLE_EQ(*c->ece, 0.25);  // |0 - .25| and |1 - .75|, half the rows each
}

TEST(ConfidenceIntervals, SeededBootstrapIsReproducibleAndDeLongBracketsAuc) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> y(400), s(400);
  for (size_t i = 0; i < y.size(); ++i) {
    y[i] = i % 3 == 0;
    s[i] = y[i] + noise(rng);
  }
  Inputs in{y, {s}, {}};
  CiOptions ci;
  ci.samples = 200;
  ci.seed = 42;
  auto a = ComputeBinary(y, s), b = ComputeBinary(y, s);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(AddConfidenceIntervals(Task::kBinary, in, {}, ci, &*a).ok());
  ASSERT_TRUE(AddConfidenceIntervals(Task::kBinary, in, {}, ci, &*b).ok());
  for (const auto& [k, v] : a->values) {
    ASSERT_TRUE(a->ci.count(k)) << k;
    EXPECT_EQ(a->ci.at(k).lower, b->ci.at(k).lower) << k;
    EXPECT_LE(a->ci.at(k).lower, a->ci.at(k).upper) << k;
  }
  EXPECT_EQ(a->ci.at("roc_auc").method, "delong");
  EXPECT_EQ(a->ci.at("accuracy").method, "bootstrap");
  EXPECT_LT(a->ci.at("roc_auc").lower, a->values.at("roc_auc"));
  EXPECT_GT(a->ci.at("roc_auc").upper, a->values.at("roc_auc"));
}

}  // namespace
}  // namespace mg::metrics
