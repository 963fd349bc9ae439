// Linear models: decision = X @ coef_.T + intercept_ (sklearn.linear_model, sklearn.svm).
#include <cmath>
#include <set>

#include "model/sklearn/estimator.h"

namespace mg::model::sk {
namespace {

struct LinearParams {
  size_t k = 1, f = 0;
  std::vector<double> coef;       // k x f
  std::vector<double> intercept;  // k
};

Result<LinearParams> ReadLinear(const Attrs& a, bool classifier) {
  LinearParams p;
  std::vector<int64_t> shape;
  MG_ASSIGN_OR_RETURN(p.coef, a.Doubles("coef_", &shape));
  if (shape.size() == 1) {
    p.k = 1;
    p.f = static_cast<size_t>(shape[0]);
  } else if (shape.size() == 2) {
    p.k = static_cast<size_t>(shape[0]);
    p.f = static_cast<size_t>(shape[1]);
  } else {
    return a.Error("coef_", "expected a 1-d or 2-d array");
  }
  if (p.k == 0 || p.f == 0) return a.Error("coef_", "is empty");
  if (!classifier && p.k != 1) return a.Error("coef_", "multi-output regression is not supported");
  std::vector<int64_t> ishape;
  MG_ASSIGN_OR_RETURN(p.intercept, a.Doubles("intercept_", &ishape));
  if (p.intercept.size() == 1 && p.k > 1) p.intercept.assign(p.k, p.intercept[0]);
  if (p.intercept.size() != p.k) return a.Error("intercept_", "has " + std::to_string(p.intercept.size()) + " values for " + std::to_string(p.k) + " rows of coef_");
  for (double v : p.coef)
    if (!std::isfinite(v)) return a.Error("coef_", "holds a non-finite value");
  for (double v : p.intercept)
    if (!std::isfinite(v)) return a.Error("intercept_", "holds a non-finite value");
  MG_ASSIGN_OR_RETURN(size_t nf, ReadNFeatures(a, p.f));
  if (nf != p.f) return a.Error("coef_", "has " + std::to_string(p.f) + " columns but n_features_in_ is " + std::to_string(nf));
  return p;
}

void Decision(const LinearParams& p, const double* x, double* out) {
  for (size_t k = 0; k < p.k; ++k) {
    const double* c = p.coef.data() + k * p.f;
    double s = 0;
    for (size_t j = 0; j < p.f; ++j) s += x[j] * c[j];
    out[k] = s + p.intercept[k];
  }
}

class LinearRegressor final : public Estimator {
 public:
  LinearRegressor(std::string name, LinearParams p) : name_(std::move(name)), p_(std::move(p)) {}
  Role role() const override { return Role::kRegressor; }
  std::string name() const override { return name_; }
  size_t n_in() const override { return p_.f; }
  size_t n_out() const override { return 1; }
  Status Predict(const Block& x, Output& out) const override {
    out.scores.resize(x.rows);
    for (size_t r = 0; r < x.rows; ++r) Decision(p_, x.row(r), &out.scores[r]);
    return Status::Ok();
  }

 private:
  std::string name_;
  LinearParams p_;
};

enum class ProbaMode { kNone, kOvr, kMultinomial };

class LinearClassifier final : public Estimator {
 public:
  LinearClassifier(std::string name, LinearParams p, std::vector<std::string> classes, ProbaMode mode)
      : name_(std::move(name)), p_(std::move(p)), classes_(std::move(classes)), mode_(mode) {}
  Role role() const override { return Role::kClassifier; }
  std::string name() const override { return name_; }
  size_t n_in() const override { return p_.f; }
  size_t n_out() const override { return mode_ == ProbaMode::kNone ? p_.k : classes_.size(); }
  bool has_proba() const override { return mode_ != ProbaMode::kNone; }
  const std::vector<std::string>& classes() const override { return classes_; }
  Status Predict(const Block& x, Output& out) const override {
    const size_t no = n_out();
    out.scores.resize(x.rows * no);
    out.label.resize(x.rows);
    std::vector<double> d(p_.k);
    for (size_t r = 0; r < x.rows; ++r) {
      Decision(p_, x.row(r), d.data());
      out.label[r] = p_.k == 1 ? (d[0] > 0 ? 1 : 0) : static_cast<int64_t>(ArgMax(d.data(), p_.k));
      double* o = out.scores.data() + r * no;
      if (mode_ == ProbaMode::kNone) {
        for (size_t k = 0; k < p_.k; ++k) o[k] = d[k];
      } else if (p_.k == 1) {
        if (mode_ == ProbaMode::kOvr) {
          o[1] = Expit(d[0]);
          o[0] = 1 - o[1];
        } else {  // multinomial on two classes: softmax of [-d, d]
          o[0] = -d[0];
          o[1] = d[0];
          SoftmaxInPlace(o, 2);
        }
      } else if (mode_ == ProbaMode::kOvr) {
        double s = 0;
        for (size_t k = 0; k < p_.k; ++k) s += (o[k] = Expit(d[k]));
        for (size_t k = 0; k < p_.k; ++k) o[k] /= s;
      } else {
        for (size_t k = 0; k < p_.k; ++k) o[k] = d[k];
        SoftmaxInPlace(o, p_.k);
      }
    }
    return Status::Ok();
  }

 private:
  std::string name_;
  LinearParams p_;
  std::vector<std::string> classes_;
  ProbaMode mode_;
};

}  // namespace

Result<EstimatorPtr> BuildLinear(const PyValue& obj, const std::string& name) {
  Attrs a(obj, name);
  static const std::set<std::string> kRegressors = {"LinearRegression", "Ridge", "RidgeCV", "Lasso", "LassoCV", "ElasticNet",
                                                    "ElasticNetCV", "SGDRegressor", "LinearSVR"};
  if (kRegressors.count(name)) {
    MG_ASSIGN_OR_RETURN(LinearParams p, ReadLinear(a, false));
    return EstimatorPtr(new LinearRegressor(name, std::move(p)));
  }
  MG_ASSIGN_OR_RETURN(LinearParams p, ReadLinear(a, true));
  MG_ASSIGN_OR_RETURN(auto classes, ReadClasses(a));
  if (classes.size() < 2) return a.Error("classes_", "fewer than two classes");
  const size_t want_k = classes.size() == 2 ? 1 : classes.size();
  if (p.k != want_k)
    return a.Error("coef_", "has " + std::to_string(p.k) + " rows for " + std::to_string(classes.size()) + " classes");
  ProbaMode mode = ProbaMode::kNone;
  if (name == "LogisticRegression" || name == "LogisticRegressionCV") {
    std::string mc = a.StrOr("multi_class", "auto");
    std::string solver = a.StrOr("solver", "lbfgs");
    bool ovr = mc == "ovr" || mc == "warn" || (mc == "auto" && (classes.size() <= 2 || solver == "liblinear"));
    mode = ovr ? ProbaMode::kOvr : ProbaMode::kMultinomial;
  } else if (name == "SGDClassifier") {
    std::string loss = a.StrOr("loss", "hinge");
    if (loss == "log_loss" || loss == "log") mode = ProbaMode::kOvr;
  }
  return EstimatorPtr(new LinearClassifier(name, std::move(p), std::move(classes), mode));
}

}  // namespace mg::model::sk
