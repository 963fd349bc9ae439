// Confidence intervals: percentile bootstrap for every metric, DeLong for binary roc_auc.
#include <algorithm>
#include <cmath>
#include <random>

#include "metrics/common.h"
#include "metrics/state.h"

namespace mg::metrics {
namespace {

// Standard normal quantile by bisection on erfc (exact enough for an interval bound).
double NormalQuantile(double p) {
  double lo = -40, hi = 40;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

// DeLong et al. (1988): AUC variance from the placement values of each class.
bool DeLong(const BinaryState& st, double level, Interval* out) {
  const auto& pos = st.positive_scores();
  const auto& neg = st.negative_scores();
  const double m = static_cast<double>(pos.size()), n = static_cast<double>(neg.size());
  if (pos.size() < 2 || neg.size() < 2) return false;
  std::vector<double> v10(pos.size()), v01(neg.size());
  for (size_t i = 0; i < pos.size(); ++i) {
    const auto lo = std::lower_bound(neg.begin(), neg.end(), pos[i]);
    const auto hi = std::upper_bound(lo, neg.end(), pos[i]);
    v10[i] = (static_cast<double>(lo - neg.begin()) + 0.5 * static_cast<double>(hi - lo)) / n;
  }
  for (size_t j = 0; j < neg.size(); ++j) {
    const auto lo = std::lower_bound(pos.begin(), pos.end(), neg[j]);
    const auto hi = std::upper_bound(lo, pos.end(), neg[j]);
    v01[j] = (static_cast<double>(pos.end() - hi) + 0.5 * static_cast<double>(hi - lo)) / m;
  }
  auto mean_var = [](const std::vector<double>& x, double* mean) {
    double s = 0;
    for (double a : x) s += a;
    *mean = s / static_cast<double>(x.size());
    double ss = 0;
    for (double a : x) ss += (a - *mean) * (a - *mean);
    return ss / static_cast<double>(x.size() - 1);
  };
  double auc, unused;
  const double s10 = mean_var(v10, &auc), s01 = mean_var(v01, &unused);
  const double se = std::sqrt(s10 / m + s01 / n);
  const double z = NormalQuantile(1 - (1 - level) / 2);
  out->lower = std::max(0.0, auc - z * se);
  out->upper = std::min(1.0, auc + z * se);
  out->level = level;
  out->method = "delong";
  return true;
}

}  // namespace

Status AddConfidenceIntervals(Task task, const Inputs& in, const Options& opt, const CiOptions& ci, MetricSet* m) {
  if (ci.samples < 2) return Status::Input("bootstrap samples must be at least 2, got " + std::to_string(ci.samples));
  if (!(ci.level > 0 && ci.level < 1)) return Status::Input("confidence level must be in (0, 1)");
  const size_t n = in.y_true.size();
  if (n == 0) return Status::Input("no rows to evaluate");
  std::map<std::string, std::vector<double>> draws;
  std::mt19937_64 rng(ci.seed);
  std::uniform_int_distribution<size_t> pick(0, n - 1);
  std::vector<size_t> idx(n);
  std::vector<double> y(n), w(in.weight.empty() ? 0 : n);
  std::vector<std::vector<double>> s(in.scores.size(), std::vector<double>(n));
  for (int b = 0; b < ci.samples; ++b) {
    for (size_t i = 0; i < n; ++i) idx[i] = pick(rng);
    for (size_t i = 0; i < n; ++i) {
      y[i] = in.y_true[idx[i]];
      if (!w.empty()) w[i] = in.weight[idx[i]];
      for (size_t c = 0; c < s.size(); ++c) s[c][i] = in.scores[c][idx[i]];
    }
    Inputs r{y, {}, w};
    for (const auto& col : s) r.scores.emplace_back(col);
    auto rm = Compute(task, r, opt);
    if (!rm.ok()) continue;  // e.g. a resample whose weights sum to zero
    for (const auto& [name, value] : rm->values) draws[name].push_back(value);
  }
  const double alpha = (1 - ci.level) / 2;
  for (const auto& [name, value] : m->values) {
    auto it = draws.find(name);
    if (it == draws.end() || it->second.size() * 2 < static_cast<size_t>(ci.samples)) continue;
    std::vector<double>& d = it->second;
    std::sort(d.begin(), d.end());
    m->ci[name] = Interval{internal::Percentile(d, alpha), internal::Percentile(d, 1 - alpha), ci.level, "bootstrap"};
  }
  if (task == Task::kBinary && ci.delong_auc && in.weight.empty() && m->values.count("roc_auc")) {
    BinaryState st(opt);
    MG_RETURN_IF_ERROR(st.Add(in.y_true, in.scores.at(0)));
    Interval iv;
    if (DeLong(st, ci.level, &iv)) m->ci["roc_auc"] = iv;
  }
  return Status::Ok();
}

}  // namespace mg::metrics
