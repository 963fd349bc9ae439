// Regression metrics (scikit-learn 1.2.1, single output).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "metrics/common.h"

namespace mg::metrics {
using internal::Num;
using internal::Row;

namespace {

// scikit-learn's _weighted_percentile(array, weights, 50) (median_absolute_error with weights).
double WeightedMedian(const std::vector<double>& x, std::span<const double> w) {
  std::vector<size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
  std::vector<double> cdf(x.size());
  double acc = 0;
  for (size_t i = 0; i < x.size(); ++i) cdf[i] = acc += w[order[i]];
  const double target = 0.5 * cdf.back();
  size_t idx = static_cast<size_t>(std::lower_bound(cdf.begin(), cdf.end(), target) - cdf.begin());
  idx = std::min(idx, x.size() - 1);
  return x[order[idx]];
}

double Median(std::vector<double> x) {
  const size_t n = x.size(), h = n / 2;
  std::nth_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(h), x.end());
  const double hi = x[h];
  if (n % 2) return hi;
  const double lo = *std::max_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(h));
  return (lo + hi) / 2;
}

}  // namespace

Result<MetricSet> ComputeRegression(std::span<const double> y, std::span<const double> pred, const Options& opt,
                                    std::span<const double> w) {
  const size_t n = y.size();
  if (n == 0) return Status::Input("no rows to evaluate");
  if (pred.size() != n)
    return Status::Input("labels and predictions differ in length (" + std::to_string(n) + " vs " +
                         std::to_string(pred.size()) + ")");
  MG_RETURN_IF_ERROR(internal::CheckWeights(w, n));
  auto wt = [&](size_t i) { return w.empty() ? 1.0 : w[i]; };
  double total = 0, sum_y = 0, sum_diff = 0, sae = 0, sse = 0, sape = 0, max_err = 0;
  const double eps = std::numeric_limits<double>::epsilon();
  std::vector<double> abs_err(n);
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(y[i])) return Status::Input(Row(i) + ": label " + Num(y[i]) + " is not a finite number");
    if (!std::isfinite(pred[i])) return Status::Input(Row(i) + ": prediction " + Num(pred[i]) + " is not a finite number");
    const double wi = wt(i), d = y[i] - pred[i];
    total += wi;
    sum_y += wi * y[i];
    sum_diff += wi * d;
    abs_err[i] = std::fabs(d);
    sae += wi * abs_err[i];
    sse += wi * d * d;
    sape += wi * abs_err[i] / std::max(std::fabs(y[i]), eps);
    max_err = std::max(max_err, abs_err[i]);
  }
  if (total <= 0) return Status::Input("sample weights sum to zero");
  const double mean_y = sum_y / total, mean_diff = sum_diff / total;
  double ss_tot = 0, ev_num = 0;
  for (size_t i = 0; i < n; ++i) {
    const double a = y[i] - mean_y, b = y[i] - pred[i] - mean_diff;
    ss_tot += wt(i) * a * a;
    ev_num += wt(i) * b * b;
  }
  MetricSet m;
  m.task = "regression";
  m.n = n;
  auto& v = m.values;
  // r2 and explained_variance share scikit-learn's _assemble_r2_explained_variance.
  auto assemble = [&](double num, double den) {
    if (den != 0) return 1 - num / den;
    if (opt.force_finite) return num == 0 ? 1.0 : 0.0;
    return num == 0 ? std::nan("") : -std::numeric_limits<double>::infinity();
  };
  if (n < 2) {
    m.undefined["r2"] = "r2 needs at least two rows";
  } else {
    v["r2"] = assemble(sse, ss_tot);
  }
  v["explained_variance"] = assemble(ev_num / total, ss_tot / total);
  v["mean_absolute_error"] = sae / total;
  v["mean_squared_error"] = sse / total;
  v["root_mean_squared_error"] = std::sqrt(sse / total);
  v["mean_absolute_percentage_error"] = sape / total;
  v["median_absolute_error"] = w.empty() ? Median(abs_err) : WeightedMedian(abs_err, w);
  if (w.empty()) v["max_error"] = max_err;
  else m.undefined["max_error"] = "scikit-learn's max_error does not take sample weights";
  for (auto it = v.begin(); it != v.end();) {
    if (std::isfinite(it->second)) { ++it; continue; }
    m.undefined[it->first] = "not finite on this data (force_finite is off)";
    it = v.erase(it);
  }
  return m;
}

}  // namespace mg::metrics
