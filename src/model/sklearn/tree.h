// sklearn.tree._tree.Tree, decoded and checked (internal to src/model/sklearn).
//
// Contract: ReadTree accepts the pickled Tree (reduce args (n_features, n_classes, n_outputs),
// state {node_count, nodes, values}) in both node layouts (7 fields / itemsize 56 before
// scikit-learn 1.3, 8 fields with missing_go_to_left / itemsize 64 after). It guarantees that
// every split node has a feature < n_features, a finite threshold and children with a larger
// index than its own (scikit-learn builds trees parent-first), each node reached once, leaves
// have both children -1: so Leaf() always terminates inside the arrays.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "model/sklearn/pyvalue.h"

namespace mg::model::sk {

// numpy's float64 -> float32 cast (scikit-learn's DTYPE_t): out-of-range values become +-inf
// (a plain C++ cast of such a value is undefined behaviour).
inline double ToFloat32(double v) {
  constexpr double kOverflow = 3.4028235677973366e38;  // FLT_MAX + half an ulp: rounds to inf
  if (v >= kOverflow) return HUGE_VAL;
  if (v <= -kOverflow) return -HUGE_VAL;
  return static_cast<double>(static_cast<float>(v));
}

struct TreeNodes {
  size_t n_features = 0, n_outputs = 1, width = 1;  // width = max_n_classes
  std::vector<int64_t> left, right, feature;
  std::vector<double> threshold;
  std::vector<uint8_t> missing_left;  // empty before scikit-learn 1.3
  std::vector<double> value;          // node_count x n_outputs x width

  // Leaf index for a row; comparisons in float32 as scikit-learn's DTYPE_t.
  size_t Leaf(const double* x) const {
    size_t n = 0;
    while (left[n] >= 0) {
      const double v = ToFloat32(x[feature[n]]);
      if (std::isnan(v))
        n = static_cast<size_t>(!missing_left.empty() && missing_left[n] ? left[n] : right[n]);
      else
        n = static_cast<size_t>(v <= threshold[n] ? left[n] : right[n]);
    }
    return n;
  }
  const double* Value(size_t node) const { return value.data() + node * n_outputs * width; }
};

// `owner` names the estimator for errors.
Result<TreeNodes> ReadTree(const PyValue& tree, const std::string& owner);

}  // namespace mg::model::sk
