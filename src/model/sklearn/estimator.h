// The native scikit-learn estimators: one Estimator per fitted Python object, built from its
// PyValue (pyvalue.h). Internal to src/model; the public entry is LoadSklearnModel (model.h).
//
// Contract:
//  - Build* functions read only the fitted attributes they need, check their shapes against each
//    other (n_features_in_, classes_, coef_ ...) and return Status::Input naming the class and
//    attribute on any mismatch. After a successful build, Predict/Transform cannot read out of
//    bounds whatever the input values are.
//  - Input blocks are row-major doubles (rows x n_in()). Transformers write rows x n_out();
//    predictors write rows x n_out() scores (classifiers: one column per class, probabilities
//    when has_proba(), decision values otherwise -- a single column for a binary decision) and,
//    for classifiers, the index into classes() of the predicted class per row.
//  - Arithmetic follows scikit-learn 1.2's order of operations (float32 inputs for tree
//    comparisons, float64 elsewhere) so results match it exactly or to ~1e-12.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/sklearn/pyvalue.h"

namespace mg::model::sk {

struct Block {
  size_t rows = 0, cols = 0;
  std::vector<double> v;  // row-major
  const double* row(size_t r) const { return v.data() + r * cols; }
};

struct Output {
  std::vector<double> scores;    // rows x n_out()
  std::vector<int64_t> label;    // classifiers: index into classes()
};

class Estimator {
 public:
  enum class Role { kTransformer, kClassifier, kRegressor };
  virtual ~Estimator() = default;
  virtual Role role() const = 0;
  virtual std::string name() const = 0;  // short class name, e.g. "LogisticRegression"
  virtual size_t n_in() const = 0;
  virtual size_t n_out() const = 0;
  virtual bool allows_nan() const { return false; }
  virtual bool has_proba() const { return role() != Role::kRegressor; }
  virtual const std::vector<std::string>& classes() const { return no_classes_; }
  virtual Status Transform(const Block&, Block&) const { return Status::Internal(name() + " is not a transformer"); }
  virtual Status Predict(const Block&, Output&) const { return Status::Internal(name() + " is not a predictor"); }

 private:
  std::vector<std::string> no_classes_;
};

using EstimatorPtr = std::unique_ptr<Estimator>;

// Builds the estimator for any supported class (dispatch on PyValue::s); an unsupported class
// is an input error naming it and listing SupportedClasses().
Result<EstimatorPtr> BuildEstimator(const PyValue& obj, int depth = 0);
const std::vector<std::string>& SupportedClasses();
std::string ShortName(const std::string& cls);  // "sklearn.linear_model._logistic.LogisticRegression" -> "LogisticRegression"

// Family builders (one file each). `name` is the short class name.
Result<EstimatorPtr> BuildLinear(const PyValue& obj, const std::string& name);
Result<EstimatorPtr> BuildTreeModel(const PyValue& obj, const std::string& name);
Result<EstimatorPtr> BuildBoosting(const PyValue& obj, const std::string& name);
Result<EstimatorPtr> BuildNeighborsBayes(const PyValue& obj, const std::string& name);
Result<EstimatorPtr> BuildPreprocessor(const PyValue& obj, const std::string& name);
Result<EstimatorPtr> BuildComposite(const PyValue& obj, const std::string& name, int depth);

// Shared helpers for classifiers.
Result<std::vector<std::string>> ReadClasses(const Attrs& a);
size_t ArgMax(const double* v, size_t n);  // first maximum, as numpy.argmax
double Expit(double x);
void SoftmaxInPlace(double* v, size_t n);  // as scipy.special.softmax / logsumexp
Result<size_t> ReadNFeatures(const Attrs& a, size_t fallback);

}  // namespace mg::model::sk
