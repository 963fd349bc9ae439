// Internal helpers shared by the metric files (not a public API).
#pragma once

#include <string>
#include <vector>

#include "metrics/metrics.h"

namespace mg::metrics::internal {

using Matrix = std::vector<std::vector<double>>;

std::string Row(size_t i);  // "row 12"
std::string Num(double v);  // shortest round-trip text

// scikit-learn's matthews_corrcoef / cohen_kappa on a confusion matrix C[true][pred].
double MatthewsFromConfusion(const Matrix& c);
// NaN when undefined (1 - 0/0).
double KappaFromConfusion(const Matrix& c);
// balanced_accuracy: mean recall over classes present in the truth.
double BalancedAccuracyFromConfusion(const Matrix& c);

// Validates the optional weight column: same length, finite, >= 0.
Status CheckWeights(std::span<const double> w, size_t n, size_t first_row = 0);

// numpy.percentile (linear interpolation) of sorted values, q in [0, 1].
double Percentile(const std::vector<double>& sorted, double q);

}  // namespace mg::metrics::internal
