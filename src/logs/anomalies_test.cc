#include "logs/anomalies.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mg::logs {
namespace {

LogMetrics With(std::map<std::string, std::vector<double>> series) {
  LogMetrics m;
  for (auto& [name, v] : series) {
    Series& s = m.series[name];
    s.name = name;
    for (size_t i = 0; i < v.size(); ++i) s.Add(static_cast<int64_t>(i), v[i]);
  }
  return m;
}

std::vector<Anomaly> Kind(const std::vector<Anomaly>& all, const std::string& kind) {
  std::vector<Anomaly> out;
  for (const auto& a : all)
    if (a.kind == kind) out.push_back(a);
  return out;
}

TEST(Anomalies, NonFiniteAtItsFirstStep) {
  auto a = Kind(FindAnomalies(With({{"train:rmse", {3, 2, NAN, 1}}})), "non_finite");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].step, 2);
  EXPECT_EQ(a[0].severity, "warning");
}

TEST(Anomalies, DivergingTrainingLoss) {
  auto a = Kind(FindAnomalies(With({{"train:logloss", {0.69, 0.5, 0.4, 0.45, 0.9, 2.5, 7.0}}})), "divergence");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].step, 2);
  EXPECT_TRUE(Kind(FindAnomalies(With({{"train:logloss", {0.69, 0.5, 0.4, 0.35, 0.3, 0.29}}})), "divergence").empty());
  // Higher-is-better metrics do not "diverge" upwards.
  EXPECT_TRUE(Kind(FindAnomalies(With({{"train:auc", {0.5, 0.6, 0.7, 0.8, 0.9, 0.99}}})), "divergence").empty());
}

TEST(Anomalies, OverfittingGapGrowsFromTheValidationBest) {
  std::vector<double> train, val;
  for (int i = 0; i < 40; ++i) {
    train.push_back(0.7 * std::exp(-i / 8.0));
    val.push_back(i <= 15 ? 0.7 * std::exp(-i / 10.0) : 0.7 * std::exp(-1.5) + 0.01 * (i - 15));
  }
  auto a = Kind(FindAnomalies(With({{"train:logloss", train}, {"validation:logloss", val}})), "overfitting");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].step, 15);
  EXPECT_EQ(a[0].metric, "validation:logloss");
  // Both improving: no overfitting.
  EXPECT_TRUE(Kind(FindAnomalies(With({{"train:logloss", train}, {"validation:logloss", train}})), "overfitting").empty());
  // Higher-is-better pair, other naming.
  std::vector<double> tr_auc, va_auc;
  for (int i = 0; i < 30; ++i) {
    tr_auc.push_back(0.8 + 0.2 * i / 29.0);
    va_auc.push_back(i <= 10 ? 0.8 + 0.01 * i : 0.9 - 0.01 * (i - 10));
  }
  auto b = Kind(FindAnomalies(With({{"train_auc", tr_auc}, {"val_auc", va_auc}})), "overfitting");
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].step, 10);
}

TEST(Anomalies, PlateauOnValidation) {
  std::vector<double> v = {0.9, 0.8, 0.7, 0.65, 0.6};
  for (int i = 0; i < 20; ++i) v.push_back(0.55);
  auto a = Kind(FindAnomalies(With({{"validation:rmse", v}})), "plateau");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].step, 5);
  EXPECT_EQ(a[0].severity, "info");
  EXPECT_TRUE(Kind(FindAnomalies(With({{"validation:rmse", {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05}}})), "plateau").empty());
}

TEST(Anomalies, EarlyStopping) {
  LogMetrics m = With({{"validation:logloss", {0.5, 0.4}}});
  m.early_stopping.seen = true;
  m.early_stopping.best_iteration = 41;
  m.early_stopping.patience = 10;
  m.last_round = 51;
  auto a = Kind(FindAnomalies(m), "early_stopping");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].step, 41);
  EXPECT_NE(a[0].message.find("no improvement in 10 rounds"), std::string::npos);
}

TEST(Anomalies, LowerIsBetter) {
  EXPECT_TRUE(LowerIsBetter("logloss"));
  EXPECT_TRUE(LowerIsBetter("rmse"));
  EXPECT_TRUE(LowerIsBetter("merror"));
  EXPECT_FALSE(LowerIsBetter("auc"));
  EXPECT_FALSE(LowerIsBetter("ndcg@10"));
}

}  // namespace
}  // namespace mg::logs
