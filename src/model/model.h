// A trained model that can predict: the one interface every framework loader implements.
//
// Contract:
//  - Predict takes a dense row-major matrix (n_rows x n_features()); a column count different
//    from n_features() is an input error (never a silent shift, unlike SageMaker's XGBoost
//    server which accepts n-1 columns).
//  - Predictions: for classifiers, `scores` holds n_rows x n_outputs() values: one probability
//    of the positive class for binary tasks, one probability per class (classes() order) for
//    multiclass; for regressors one value per row. Outputs are finite or the call fails.
//  - Classifiers also give, per row, the index into classes() of the predicted class (labels),
//    exactly the class the framework's own predict() returns. Classifiers without probabilities
//    (RidgeClassifier, LinearSVC, hinge SGD, binary:logitraw) give decision values in `scores`
//    and set probabilities = false.
//  - Loaders never execute code from the artifact: pickles are read by the static pickle VM
//    (src/pickle) and the estimator is rebuilt natively from the object graph.
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
  std::vector<double> values;  // row-major (float64: scikit-learn computes in double)
};

struct Predictions {
  size_t rows = 0;
  size_t outputs = 1;          // scores per row
  std::vector<double> scores;  // row-major rows x outputs
  bool probabilities = true;   // classifiers: false when scores are decision values
  std::vector<int64_t> labels; // classifiers: predicted class per row, index into classes()
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
  // Class labels as strings in the framework's order ("0", "1", ... for XGBoost); empty for
  // regressors.
  virtual std::vector<std::string> classes() const { return {}; }
};

// XGBoost model from its serialized bytes (legacy binary, JSON or UBJSON), via libxgboost.
Result<std::unique_ptr<Model>> LoadXgboostModel(const std::string& bytes, const std::string& source_name);

// A scikit-learn estimator from a pickle (protocols 0-5) or a joblib file (plain or compressed
// with zlib/gzip/bz2/xz/lzma), rebuilt natively from the static pickle VM's object graph
// (docs/models.md lists the supported estimators). An unsupported estimator is an input error
// naming its class and listing the supported ones. Malformed or hostile content (shapes that
// disagree with the data, tree children out of range or cyclic, NaN thresholds ...) is an
// input error, never a crash.
Result<std::unique_ptr<Model>> LoadSklearnModel(const std::string& bytes, const std::string& source_name);

// Any single model file, by content: a pickle/joblib holding a scikit-learn estimator, a pickled
// xgboost.core.Booster (its raw model bytes are taken from the pickle's state, never unpickled)
// or an xgboost.sklearn XGBModel, else an XGBoost legacy binary / JSON / UBJSON model.
Result<std::unique_ptr<Model>> LoadModelBytes(const std::string& bytes, const std::string& source_name);

// Averages the scores of models of the same task, outputs and features (SageMaker k-fold
// outputs xgboost-model-0..k); labels are recomputed from the averaged scores. Input error
// when the members disagree.
Result<std::unique_ptr<Model>> MakeAveragingEnsemble(std::vector<std::unique_ptr<Model>> members);

// Loads an ARTIFACT for `modelgate predict`: a model.tar.gz (or any archive libarchive reads),
// a folder, or a single model file. In an archive or folder the model is found by content;
// several xgboost-model-N files become an averaging ensemble.
Result<std::unique_ptr<Model>> LoadModelArtifact(const std::string& path);

}  // namespace mg::model
