// Curves for the report's plots, computed from per-row labels and scores.
//
// Kept apart from the renderers so they can be swapped for src/metrics' curve functions.
// Contract (scikit-learn 1.2 semantics, checked against it in report_test):
//  - RocCurve = roc_curve(y, s, pos_label, drop_intermediate=False): points at every distinct
//    score, from (0, 0); x = false positive rate, y = true positive rate.
//  - PrCurve = precision_recall_curve(y, s, pos_label): x = recall (decreasing, ends at 0),
//    y = precision (ends at 1).
//  - Calibration = calibration_curve(y, s, n_bins, strategy="uniform"): non-empty bins only;
//    x = mean predicted probability, y = fraction of positives. Scores outside [0, 1] give an
//    empty curve.
//  - A curve that is undefined (no positives, no negatives, empty or mismatched input,
//    non-finite scores) is empty, never NaN.
#pragma once

#include <cstddef>
#include <vector>

namespace mg::report {

struct Curve {
  std::vector<double> x, y;
  std::vector<size_t> counts;  // calibration: rows per bin; empty for the others
  bool empty() const { return x.empty(); }
};

Curve RocCurve(const std::vector<double>& y_true, const std::vector<double>& scores, double pos_label);
Curve PrCurve(const std::vector<double>& y_true, const std::vector<double>& scores, double pos_label);
Curve Calibration(const std::vector<double>& y_true, const std::vector<double>& scores, double pos_label,
                  int n_bins = 10);

}  // namespace mg::report
