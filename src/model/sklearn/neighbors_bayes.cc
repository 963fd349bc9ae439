// GaussianNB and KNeighborsClassifier/Regressor (brute force, exact Euclidean distances).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/sklearn/estimator.h"

namespace mg::model::sk {
namespace {

class GaussianNB final : public Estimator {
 public:
  std::vector<double> theta, var, log_prior, norm;  // norm[c] = -0.5 * sum(log(2 pi var))
  std::vector<std::string> classes_;
  size_t nf = 0;
  Role role() const override { return Role::kClassifier; }
  std::string name() const override { return "GaussianNB"; }
  size_t n_in() const override { return nf; }
  size_t n_out() const override { return classes_.size(); }
  const std::vector<std::string>& classes() const override { return classes_; }
  Status Predict(const Block& x, Output& out) const override {
    const size_t c = classes_.size();
    out.scores.resize(x.rows * c);
    out.label.resize(x.rows);
    for (size_t r = 0; r < x.rows; ++r) {
      double* o = out.scores.data() + r * c;
      for (size_t k = 0; k < c; ++k) {
        double s = 0;
        for (size_t j = 0; j < nf; ++j) {
          double d = x.row(r)[j] - theta[k * nf + j];
          s += d * d / var[k * nf + j];
        }
        o[k] = log_prior[k] + (norm[k] - 0.5 * s);
      }
      out.label[r] = static_cast<int64_t>(ArgMax(o, c));
      SoftmaxInPlace(o, c);
    }
    return Status::Ok();
  }
};

Result<EstimatorPtr> BuildGNB(const PyValue& obj) {
  Attrs a(obj, "GaussianNB");
  auto m = std::make_unique<GaussianNB>();
  MG_ASSIGN_OR_RETURN(m->classes_, ReadClasses(a));
  const size_t c = m->classes_.size();
  std::vector<int64_t> shape;
  MG_ASSIGN_OR_RETURN(m->theta, a.Doubles("theta_", &shape));
  if (shape.size() != 2 || static_cast<size_t>(shape[0]) != c || shape[1] <= 0) return a.Error("theta_", "expected shape (n_classes, n_features)");
  m->nf = static_cast<size_t>(shape[1]);
  const char* vkey = a.Has("var_") ? "var_" : "sigma_";
  MG_ASSIGN_OR_RETURN(m->var, a.Doubles(vkey, &shape));
  if (m->var.size() != m->theta.size()) return a.Error(vkey, "does not match theta_");
  MG_ASSIGN_OR_RETURN(auto prior, a.Doubles("class_prior_"));
  if (prior.size() != c) return a.Error("class_prior_", "does not match classes_");
  for (size_t k = 0; k < c; ++k) {
    m->log_prior.push_back(std::log(prior[k]));
    double s = 0;
    for (size_t j = 0; j < m->nf; ++j) {
      double v = m->var[k * m->nf + j];
      if (!(v > 0) || !std::isfinite(v)) return a.Error(vkey, "holds a variance that is not positive and finite");
      s += std::log(2.0 * M_PI * v);
    }
    m->norm.push_back(-0.5 * s);
  }
  MG_ASSIGN_OR_RETURN(size_t nf, ReadNFeatures(a, m->nf));
  if (nf != m->nf) return a.Error("n_features_in_", "differs from theta_");
  return EstimatorPtr(std::move(m));
}

class KNeighbors final : public Estimator {
 public:
  std::string name_;
  bool classifier = false, distance_weights = false;
  size_t nf = 0, n = 0, k = 5;
  std::vector<double> fit_x, y;  // y: class index (classifier) or target
  std::vector<std::string> classes_;
  Role role() const override { return classifier ? Role::kClassifier : Role::kRegressor; }
  std::string name() const override { return name_; }
  size_t n_in() const override { return nf; }
  size_t n_out() const override { return classifier ? classes_.size() : 1; }
  const std::vector<std::string>& classes() const override { return classes_; }
  Status Predict(const Block& x, Output& out) const override {
    const size_t no = n_out();
    out.scores.assign(x.rows * no, 0.0);
    if (classifier) out.label.resize(x.rows);
    std::vector<std::pair<double, size_t>> d(n);
    std::vector<double> w(k);
    for (size_t r = 0; r < x.rows; ++r) {
      for (size_t i = 0; i < n; ++i) {
        double s = 0;
        for (size_t j = 0; j < nf; ++j) {
          double t = x.row(r)[j] - fit_x[i * nf + j];
          s += t * t;
        }
        d[i] = {s, i};
      }
      std::partial_sort(d.begin(), d.begin() + static_cast<long>(k), d.end());
      bool zero = false;
      for (size_t i = 0; i < k; ++i) zero |= d[i].first == 0;
      for (size_t i = 0; i < k; ++i)
        w[i] = !distance_weights ? 1.0 : zero ? (d[i].first == 0 ? 1.0 : 0.0) : 1.0 / std::sqrt(d[i].first);
      double* o = out.scores.data() + r * no;
      if (classifier) {
        double total = 0;
        for (size_t i = 0; i < k; ++i) o[static_cast<size_t>(y[d[i].second])] += w[i];
        for (size_t c = 0; c < no; ++c) total += o[c];
        for (size_t c = 0; c < no; ++c) o[c] /= total;
        out.label[r] = static_cast<int64_t>(ArgMax(o, no));
      } else {
        double s = 0, ws = 0;
        for (size_t i = 0; i < k; ++i) s += w[i] * y[d[i].second], ws += w[i];
        o[0] = distance_weights ? s / ws : s / static_cast<double>(k);
      }
    }
    return Status::Ok();
  }
};

Result<EstimatorPtr> BuildKNN(const PyValue& obj, const std::string& name) {
  Attrs a(obj, name);
  auto m = std::make_unique<KNeighbors>();
  m->name_ = name;
  m->classifier = name == "KNeighborsClassifier";
  std::string metric = a.StrOr("effective_metric_", a.StrOr("metric", "minkowski"));
  if (metric == "minkowski") {
    PyPtr p = obj.Get("p");
    if (p && !(p->IsNumber() && p->Number() == 2)) return a.Error("p", "only p=2 (Euclidean) is supported");
  } else if (metric != "euclidean") {
    return a.Error("metric", "only the Euclidean metric is supported, found '" + metric + "'");
  }
  std::string weights = a.StrOr("weights", "");
  if (weights == "distance") m->distance_weights = true;
  else if (weights != "uniform") return a.Error("weights", "only 'uniform' or 'distance' is supported");
  MG_ASSIGN_OR_RETURN(int64_t k, a.Int("n_neighbors"));
  std::vector<int64_t> shape;
  MG_ASSIGN_OR_RETURN(m->fit_x, a.Doubles("_fit_X", &shape));
  if (shape.size() != 2 || shape[0] <= 0 || shape[1] <= 0) return a.Error("_fit_X", "expected a 2-d array");
  m->n = static_cast<size_t>(shape[0]);
  m->nf = static_cast<size_t>(shape[1]);
  if (k <= 0 || static_cast<size_t>(k) > m->n) return a.Error("n_neighbors", "out of range");
  m->k = static_cast<size_t>(k);
  MG_ASSIGN_OR_RETURN(m->y, a.Doubles("_y", &shape));
  if (m->y.size() != m->n || shape.size() != 1) return a.Error("_y", "does not have one value per training row");
  if (m->classifier) {
    MG_ASSIGN_OR_RETURN(m->classes_, ReadClasses(a));
    for (double v : m->y)
      if (!(v >= 0) || v >= static_cast<double>(m->classes_.size()) || v != std::floor(v)) return a.Error("_y", "holds a label outside classes_");
  }
  MG_ASSIGN_OR_RETURN(size_t nf, ReadNFeatures(a, m->nf));
  if (nf != m->nf) return a.Error("n_features_in_", "differs from _fit_X");
  return EstimatorPtr(std::move(m));
}

}  // namespace

Result<EstimatorPtr> BuildNeighborsBayes(const PyValue& obj, const std::string& name) {
  if (name == "GaussianNB") return BuildGNB(obj);
  return BuildKNN(obj, name);
}

}  // namespace mg::model::sk
