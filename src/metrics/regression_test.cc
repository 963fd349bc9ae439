// Regression metrics: scikit-learn's documented edge cases.
#include <gtest/gtest.h>

#include <cmath>

#include "metrics/metrics.h"

namespace mg::metrics {
namespace {

TEST(Regression, ConstantTruthFollowsForceFinite) {
  std::vector<double> y = {3, 3, 3}, bad = {2, 3, 4}, good = {3, 3, 3};
  auto m = ComputeRegression(y, bad);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->values.at("r2"), 0.0);
  EXPECT_EQ(m->values.at("explained_variance"), 0.0);
  auto p = ComputeRegression(y, good);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->values.at("r2"), 1.0);
  Options o;
  o.force_finite = false;
  auto nf = ComputeRegression(y, bad, o);
  ASSERT_TRUE(nf.ok());
  EXPECT_TRUE(nf->undefined.count("r2"));
}

TEST(Regression, R2NeedsTwoRows) {
  std::vector<double> y = {1}, p = {2};
  auto m = ComputeRegression(y, p);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->undefined.count("r2"));
  EXPECT_EQ(m->values.at("max_error"), 1.0);
}

TEST(Regression, DocExamples) {
  // scikit-learn docstrings: y_true=[3,-0.5,2,7], y_pred=[2.5,0.0,2,8].
  std::vector<double> y = {3, -0.5, 2, 7}, p = {2.5, 0.0, 2, 8};
  auto m = ComputeRegression(y, p);
  ASSERT_TRUE(m.ok());
  EXPECT_DOUBLE_EQ(m->values.at("mean_absolute_error"), 0.5);
  EXPECT_DOUBLE_EQ(m->values.at("mean_squared_error"), 0.375);
  EXPECT_NEAR(m->values.at("r2"), 0.9486081370449679, 1e-15);
  EXPECT_NEAR(m->values.at("explained_variance"), 0.9571734475374732, 1e-15);
  EXPECT_DOUBLE_EQ(m->values.at("median_absolute_error"), 0.5);
  EXPECT_NEAR(m->values.at("mean_absolute_percentage_error"), 0.3273809523809524, 1e-15);
}

TEST(Regression, NonFinitePredictionNamesRow) {
  std::vector<double> y = {1, 2}, p = {1, INFINITY};
  auto m = ComputeRegression(y, p);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("row 2"), std::string::npos);
}

}  // namespace
}  // namespace mg::metrics
