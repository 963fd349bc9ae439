// LoadSklearnModel: pickle/joblib bytes -> PyValue -> native Estimator, behind model::Model.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "model/model.h"
#include "model/sklearn/estimator.h"
#include "model/sklearn/from_pickle.h"

namespace mg::model {
namespace {

constexpr size_t kBlockRows = 2048;

class SklearnModel final : public Model {
 public:
  SklearnModel(sk::EstimatorPtr est, std::string cls) : est_(std::move(est)), cls_(std::move(cls)) {}
  std::string framework() const override { return "sklearn"; }
  std::string description() const override { return est_->name(); }
  TaskKind task() const override {
    if (est_->role() == sk::Estimator::Role::kRegressor) return TaskKind::kRegression;
    return est_->classes().size() == 2 ? TaskKind::kBinary : TaskKind::kMulticlass;
  }
  size_t n_features() const override { return est_->n_in(); }
  size_t n_outputs() const override {
    if (est_->role() == sk::Estimator::Role::kRegressor) return 1;
    return est_->classes().size() == 2 ? 1 : est_->classes().size();
  }
  std::vector<std::string> classes() const override { return est_->classes(); }

  Result<Predictions> Predict(const Matrix& x) const override {
    if (x.cols != n_features())
      return Status::Input("the data has " + std::to_string(x.cols) + " feature columns but the model expects " +
                           std::to_string(n_features()));
    if (x.values.size() != x.rows * x.cols) return Status::Internal("matrix size does not match its shape");
    Predictions p;
    p.rows = x.rows;
    p.outputs = n_outputs();
    p.probabilities = est_->role() == sk::Estimator::Role::kRegressor || est_->has_proba();
    const bool classifier = est_->role() == sk::Estimator::Role::kClassifier;
    p.scores.resize(x.rows * p.outputs);
    if (classifier) p.labels.resize(x.rows);
    const size_t blocks = (x.rows + kBlockRows - 1) / kBlockRows;
    const size_t nthreads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), blocks);
    std::atomic<size_t> next{0};
    std::vector<Status> errors(std::max<size_t>(nthreads, 1));
    auto work = [&](size_t t) {
      sk::Block b;
      sk::Output o;
      for (size_t blk = next++; blk < blocks; blk = next++) {
        const size_t r0 = blk * kBlockRows, r1 = std::min(x.rows, r0 + kBlockRows);
        b.rows = r1 - r0;
        b.cols = x.cols;
        b.v.assign(x.values.begin() + static_cast<long>(r0 * x.cols), x.values.begin() + static_cast<long>(r1 * x.cols));
        if (!est_->allows_nan())
          for (size_t i = 0; i < b.v.size(); ++i)
            if (std::isnan(b.v[i])) {
              errors[t] = Status::Input("row " + std::to_string(r0 + i / x.cols + 1) + " has a missing value (NaN), which " +
                                        est_->name() + " does not accept");
              return;
            }
        Status st = est_->Predict(b, o);
        if (!st.ok()) {
          errors[t] = st;
          return;
        }
        const size_t k = est_->n_out();
        if (o.scores.size() != b.rows * k || (classifier && o.label.size() != b.rows)) {
          errors[t] = Status::Internal(est_->name() + " returned an output of the wrong size");
          return;
        }
        for (size_t r = 0; r < b.rows; ++r) {
          double* dst = p.scores.data() + (r0 + r) * p.outputs;
          const double* src = o.scores.data() + r * k;
          if (p.outputs == 1) dst[0] = k == 2 ? src[1] : src[0];  // binary: the positive class
          else std::copy(src, src + k, dst);
          if (classifier) p.labels[r0 + r] = o.label[r];
        }
      }
    };
    if (nthreads <= 1) {
      work(0);
    } else {
      std::vector<std::thread> pool;
      for (size_t t = 0; t < nthreads; ++t) pool.emplace_back(work, t);
      for (auto& th : pool) th.join();
    }
    for (const Status& e : errors)
      if (!e.ok()) return e;
    for (size_t i = 0; i < p.scores.size(); ++i)
      if (!std::isfinite(p.scores[i]))
        return Status::Input("the model produced a non-finite output for row " + std::to_string(i / p.outputs + 1));
    return p;
  }

 private:
  sk::EstimatorPtr est_;
  std::string cls_;
};

}  // namespace

Result<std::unique_ptr<Model>> LoadSklearnModel(const std::string& bytes, const std::string& source) {
  MG_ASSIGN_OR_RETURN(sk::PyPtr root, sk::ReadPickledValue(bytes, source));
  auto est = sk::BuildEstimator(*root);
  if (!est.ok()) return est.status().Annotate(source);
  if ((*est)->role() == sk::Estimator::Role::kTransformer)
    return Status::Input(source + ": " + (*est)->name() + " is a transformer, not a model that predicts");
  if ((*est)->role() == sk::Estimator::Role::kClassifier && (*est)->classes().size() < 2)
    return Status::Input(source + ": classifier with fewer than two classes");
  return std::unique_ptr<Model>(new SklearnModel(std::move(est).value(), root->s));
}

}  // namespace mg::model
