#include "report/curves.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mg::report {
namespace {

// Cumulative (tps, fps) at each distinct score, scores descending.
struct Counts {
  std::vector<double> tps, fps;
};

bool Usable(const std::vector<double>& y, const std::vector<double>& s) {
  if (y.empty() || y.size() != s.size()) return false;
  for (double v : s)
    if (!std::isfinite(v)) return false;
  return true;
}

Counts Cumulative(const std::vector<double>& y, const std::vector<double>& s, double pos) {
  std::vector<size_t> order(s.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return s[a] > s[b]; });
  Counts c;
  double tp = 0, fp = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    size_t i = order[k];
    (y[i] == pos ? tp : fp) += 1;
    if (k + 1 == order.size() || s[order[k + 1]] != s[i]) {
      c.tps.push_back(tp);
      c.fps.push_back(fp);
    }
  }
  return c;
}

}  // namespace

Curve RocCurve(const std::vector<double>& y, const std::vector<double>& s, double pos) {
  Curve out;
  if (!Usable(y, s)) return out;
  Counts c = Cumulative(y, s, pos);
  double p = c.tps.back(), n = c.fps.back();
  if (p == 0 || n == 0) return out;
  out.x.push_back(0);
  out.y.push_back(0);
  for (size_t i = 0; i < c.tps.size(); ++i) {
    out.x.push_back(c.fps[i] / n);
    out.y.push_back(c.tps[i] / p);
  }
  return out;
}

Curve PrCurve(const std::vector<double>& y, const std::vector<double>& s, double pos) {
  Curve out;
  if (!Usable(y, s)) return out;
  Counts c = Cumulative(y, s, pos);
  double p = c.tps.back();
  if (p == 0) return out;
  // Stop at the first threshold reaching full recall, as scikit-learn does.
  size_t last = 0;
  while (c.tps[last] < p) ++last;
  for (size_t k = last + 1; k-- > 0;) {
    double denom = c.tps[k] + c.fps[k];
    out.y.push_back(denom > 0 ? c.tps[k] / denom : 0);
    out.x.push_back(c.tps[k] / p);
  }
  out.x.push_back(0);
  out.y.push_back(1);
  return out;
}

Curve Calibration(const std::vector<double>& y, const std::vector<double>& s, double pos, int n_bins) {
  Curve out;
  if (!Usable(y, s) || n_bins < 1) return out;
  for (double v : s)
    if (v < 0 || v > 1) return out;
  std::vector<double> sums(n_bins, 0), trues(n_bins, 0);
  std::vector<size_t> totals(n_bins, 0);
  const double step = 1.0 / n_bins;  // numpy.linspace's edges are k * step
  for (size_t i = 0; i < s.size(); ++i) {
    // numpy.searchsorted(linspace(0, 1, n+1)[1:-1], p, side="left"): inner edges below p.
    int b = 0;
    while (b < n_bins - 1 && (b + 1) * step < s[i]) ++b;
    sums[b] += s[i];
    trues[b] += y[i] == pos ? 1 : 0;
    ++totals[b];
  }
  for (int b = 0; b < n_bins; ++b) {
    if (totals[b] == 0) continue;
    out.x.push_back(sums[b] / static_cast<double>(totals[b]));
    out.y.push_back(trues[b] / static_cast<double>(totals[b]));
    out.counts.push_back(totals[b]);
  }
  return out;
}

}  // namespace mg::report
