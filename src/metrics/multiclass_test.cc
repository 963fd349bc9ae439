// Multiclass metrics on scikit-learn's published toy cases (sklearn/metrics/tests).
#include <gtest/gtest.h>

#include "metrics/metrics.h"

namespace mg::metrics {
namespace {

Result<MetricSet> Multi(std::vector<double> y, std::vector<std::vector<double>> rows, Options o = {}) {
  static std::vector<std::vector<double>> cols;
  cols.assign(rows[0].size(), {});
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) cols[c].push_back(r[c]);
  static std::vector<double> ys;
  ys = y;
  std::vector<std::span<const double>> spans(cols.begin(), cols.end());
  return ComputeMulticlass(ys, spans, o);
}

TEST(Multiclass, OvoToyFromSklearnRankingTests) {
  auto m = Multi({0, 1, 0, 2}, {{.1, .8, .1}, {.3, .4, .3}, {.35, .5, .15}, {0, .2, .8}});
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_DOUBLE_EQ(m->values.at("roc_auc_ovo"), 0.75);
  EXPECT_DOUBLE_EQ(m->values.at("roc_auc_ovo_weighted"), 0.71875);
}

TEST(Multiclass, OvrToyFromSklearnRankingTests) {
  auto m = Multi({0, 1, 2, 2}, {{1, 0, 0}, {.1, .5, .4}, {.1, .1, .8}, {.3, .3, .4}});
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_NEAR(m->values.at("roc_auc_ovr"), (1 + 1 + .875) / 3, 1e-15);
  EXPECT_NEAR(m->values.at("roc_auc_ovr_weighted"), 0.9375, 1e-15);
}

TEST(Multiclass, LogLossToyFromSklearnClassificationTests) {
  auto m = Multi({1, 0, 2}, {{0.2, 0.7, 0.1}, {0.6, 0.2, 0.2}, {0.6, 0.1, 0.3}});
  ASSERT_TRUE(m.ok());
  EXPECT_NEAR(m->values.at("log_loss"), 0.6904911, 1e-6);
}

TEST(Multiclass, AbsentClassMakesOvrUndefinedButNotOvo) {
  auto m = Multi({0, 1, 0, 1}, {{.6, .3, .1}, {.2, .7, .1}, {.5, .3, .2}, {.3, .6, .1}});
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->undefined.count("roc_auc_ovr"));
  EXPECT_DOUBLE_EQ(m->values.at("roc_auc_ovo"), 1.0);
  EXPECT_EQ(m->confusion.labels, (std::vector<double>{0, 1, 2}));
  EXPECT_EQ(m->per_class.at("recall")[2], 0.0);  // zero_division for the absent class
}

TEST(Multiclass, ProbabilitiesMustSumToOne) {
  auto m = Multi({0, 1, 2}, {{.5, .3, .2}, {.5, .3, .1}, {.1, .1, .8}});
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("row 2: class probabilities sum to 0.9"), std::string::npos)
      << m.status().message();
}

TEST(Multiclass, LabelsMustMatchColumns) {
  auto m = Multi({0, 7, 7}, {{.5, .3, .2}, {.5, .3, .2}, {.1, .1, .8}});  // 2 labels, 3 columns
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("row 2: label 7"), std::string::npos) << m.status().message();
}

}  // namespace
}  // namespace mg::metrics
