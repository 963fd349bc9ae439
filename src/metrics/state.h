// Mergeable binary evaluation state, and the curves derived from it.
//
// Contract:
//  - BinaryState holds the scores of the positive and of the negative rows, each sorted
//    ascending (with their weights when weighted). Merge() is a sorted merge, so computing on
//    N shards and merging gives exactly the state of one pass: counts, the confusion matrix at
//    any threshold, ROC AUC and average precision are exactly those of the whole data.
//  - Add() appends (cheap, for streaming chunks); the sort happens once, lazily, when the
//    state is read (Finish, Merge, the score accessors). Reserve() avoids regrowth.
//  - Add() validates rows (finite values, at most two label values, weights >= 0) and names
//    the 1-based row (offset by `first_row`) in its errors. Weighted and unweighted states do
//    not merge (error).
//  - Finish() computes every binary metric (see metrics.h) from the state alone.
#pragma once

#include <limits>
#include <optional>

#include "metrics/metrics.h"

namespace mg::metrics {

class BinaryState {
 public:
  explicit BinaryState(Options options = {}) : opt_(options) {}
  Status Add(std::span<const double> y_true, std::span<const double> score, std::span<const double> weight = {},
             size_t first_row = 0);
  Status Merge(const BinaryState& other);
  Result<MetricSet> Finish() const;
  void Reserve(size_t rows);  // capacity for `rows` rows per class (untouched pages cost nothing)

  size_t n() const { return pos_.size() + neg_.size(); }
  const std::vector<double>& positive_scores() const { Sort(); return pos_; }  // ascending
  const std::vector<double>& negative_scores() const { Sort(); return neg_; }  // ascending
  const std::vector<double>& labels() const { return labels_; }  // distinct label values seen
  bool weighted() const { return weighted_; }

 private:
  friend struct StateWalk;
  void Sort() const;
  Options opt_;
  bool weighted_ = false;
  bool any_rows_ = false;
  std::vector<double> labels_;          // distinct label values seen (<= 2)
  // Scores of each class (sorted once `sorted_`) and their weights (weighted only).
  mutable std::vector<double> pos_, neg_, pos_w_, neg_w_;
  mutable bool sorted_ = true;
};

struct CurvePoint {
  double x = 0, y = 0, threshold = 0;
};

struct CalibrationBin {
  double mean_predicted = 0, fraction_positive = 0, weight = 0;
};

struct Curves {
  std::vector<CurvePoint> roc;        // x = fpr, y = tpr, threshold: score >= threshold is positive
  std::vector<CurvePoint> pr;         // x = recall, y = precision
  std::vector<CalibrationBin> calibration;  // uniform bins on [0,1], non-empty bins only
  std::optional<double> ece;          // expected calibration error; absent when scores leave [0,1]
};

// ROC and PR points at every distinct score (thinned evenly to at most max_points, keeping
// both ends), and `bins` uniform reliability bins (scikit-learn's calibration_curve).
Result<Curves> ComputeCurves(const BinaryState& state, size_t max_points = 200, int bins = 10);

}  // namespace mg::metrics
