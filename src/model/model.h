// A trained model that can predict: the one interface every framework loader implements.
//
// Contract:
//  - Predict takes a dense row-major matrix (n_rows x n_features()); a column count different
//    from n_features() is an input error (never a silent shift, unlike SageMaker's XGBoost
//    server which accepts n-1 columns).
//  - Predictions: for classifiers, `scores` holds n_rows x n_outputs() values: one probability
//    of the positive class for binary tasks, one probability per class (classes() order) for
//    multiclass; for regressors one value per row. Outputs are finite or the call fails.
//  - Loaders never execute code from the artifact.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace mg::model {

enum class TaskKind { kBinary, kMulticlass, kRegression };
const char* TaskKindName(TaskKind t);

struct Matrix {
  size_t rows = 0, cols = 0;
  std::vector<float> values;  // row-major
};

struct Predictions {
  size_t rows = 0;
  size_t outputs = 1;          // scores per row
  std::vector<double> scores;  // row-major rows x outputs
};

class Model {
 public:
  virtual ~Model() = default;
  virtual std::string framework() const = 0;    // "xgboost", "sklearn"
  virtual std::string description() const = 0;  // e.g. "Booster(binary:logistic, 60 trees)"
  virtual TaskKind task() const = 0;
  virtual size_t n_features() const = 0;
  virtual size_t n_outputs() const = 0;
  virtual Result<Predictions> Predict(const Matrix& x) const = 0;
};

// XGBoost model from its serialized bytes (legacy binary, JSON or UBJSON), via libxgboost.
Result<std::unique_ptr<Model>> LoadXgboostModel(const std::string& bytes, const std::string& source_name);

}  // namespace mg::model
