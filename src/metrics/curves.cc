// ROC / precision-recall points and calibration bins, as data for reports.
#include <algorithm>
#include <cmath>
#include <limits>

#include "metrics/state.h"

namespace mg::metrics {
namespace {

std::vector<CurvePoint> Thin(std::vector<CurvePoint> pts, size_t max_points) {
  if (max_points < 2 || pts.size() <= max_points) return pts;
  std::vector<CurvePoint> out;
  const double step = static_cast<double>(pts.size() - 1) / static_cast<double>(max_points - 1);
  for (size_t k = 0; k < max_points; ++k) out.push_back(pts[static_cast<size_t>(std::llround(step * static_cast<double>(k)))]);
  return out;
}

}  // namespace

Result<Curves> ComputeCurves(const BinaryState& st, size_t max_points, int bins) {
  if (bins < 1) return Status::Input("calibration needs at least one bin");
  const auto& pos = st.positive_scores();
  const auto& neg = st.negative_scores();
  if (pos.empty() || neg.empty()) return Status::Input("curves need both classes in the labels");
  if (st.weighted()) return Status::Input("curves are computed on unweighted data only");
  const double wp = static_cast<double>(pos.size()), wn = static_cast<double>(neg.size());
  Curves c;
  std::vector<CurvePoint> roc = {{0, 0, std::numeric_limits<double>::infinity()}}, pr;
  size_t i = pos.size(), j = neg.size();
  double tps = 0, fps = 0;
  while (i || j) {
    double v = -std::numeric_limits<double>::infinity();
    if (i) v = pos[i - 1];
    if (j) v = std::max(v, neg[j - 1]);
    while (i && pos[i - 1] == v) --i, ++tps;
    while (j && neg[j - 1] == v) --j, ++fps;
    roc.push_back({fps / wn, tps / wp, v});
    pr.push_back({tps / wp, tps / (tps + fps), v});
  }
  c.roc = Thin(std::move(roc), max_points);
  c.pr = Thin(std::move(pr), max_points);
  // scikit-learn calibration_curve(strategy="uniform"): bin = searchsorted(edges[1:-1], p).
  std::vector<double> sum_p(static_cast<size_t>(bins), 0), sum_y(static_cast<size_t>(bins), 0),
      count(static_cast<size_t>(bins), 0);
  bool in_unit = true;
  auto add = [&](double p, double y) {
    if (p < 0 || p > 1) in_unit = false;
    size_t b = 0;
    const double step = 1.0 / bins;  // numpy.linspace's edges: i * step
    while (b + 1 < static_cast<size_t>(bins) && p > static_cast<double>(b + 1) * step) ++b;
    sum_p[b] += p;
    sum_y[b] += y;
    count[b] += 1;
  };
  for (double p : pos) add(p, 1);
  for (double p : neg) add(p, 0);
  if (in_unit) {
    double ece = 0;
    for (size_t b = 0; b < count.size(); ++b) {
      if (count[b] == 0) continue;
      CalibrationBin cb{sum_p[b] / count[b], sum_y[b] / count[b], count[b]};
      c.calibration.push_back(cb);
      ece += count[b] / (wp + wn) * std::fabs(cb.fraction_positive - cb.mean_predicted);
    }
    c.ece = ece;
  }
  return c;
}

}  // namespace mg::metrics
