#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>

#include <nlohmann/json.hpp>

#include "model/model.h"

namespace mg::model {

const char* TaskKindName(TaskKind t) {
  switch (t) {
    case TaskKind::kBinary: return "binary";
    case TaskKind::kMulticlass: return "multiclass";
    default: return "regression";
  }
}

namespace {

std::string LastError() {
  const char* e = XGBGetLastError();
  std::string s = e ? e : "unknown libxgboost error";
  size_t nl = s.find('\n');  // drop libxgboost's stack trace: errors are one line
  if (nl != std::string::npos) s.resize(nl);
  return s;
}

class XgboostModel final : public Model {
 public:
  ~XgboostModel() override {
    if (booster_) XGBoosterFree(booster_);
  }

  static Result<std::unique_ptr<Model>> Load(const std::string& bytes, const std::string& src) {
    auto m = std::unique_ptr<XgboostModel>(new XgboostModel());
    if (XGBoosterCreate(nullptr, 0, &m->booster_) != 0) return Status::Internal("XGBoosterCreate: " + LastError());
    if (XGBoosterLoadModelFromBuffer(m->booster_, bytes.data(), bytes.size()) != 0) {
      const std::string err = LastError();
      // xgboost >= 1.0 pickles a Booster as a memory snapshot (config + model), not a model file.
      XGBoosterFree(m->booster_);
      m->booster_ = nullptr;
      if (XGBoosterCreate(nullptr, 0, &m->booster_) != 0) return Status::Internal("XGBoosterCreate: " + LastError());
      if (XGBoosterUnserializeFromBuffer(m->booster_, bytes.data(), bytes.size()) != 0)
        return Status::Input(src + ": not a loadable XGBoost model: " + err);
    }
    bst_ulong nfeat = 0;
    if (XGBoosterGetNumFeature(m->booster_, &nfeat) != 0) return Status::Input(src + ": " + LastError());
    m->n_features_ = static_cast<size_t>(nfeat);
    // The learner's configuration tells the objective and the number of classes.
    bst_ulong len = 0;
    const char* cfg = nullptr;
    if (XGBoosterSaveJsonConfig(m->booster_, &len, &cfg) != 0) return Status::Input(src + ": " + LastError());
    auto j = nlohmann::json::parse(std::string(cfg, len), nullptr, false);
    if (j.is_discarded()) return Status::Internal(src + ": libxgboost returned an unreadable configuration");
    try {
      m->objective_ = j.at("learner").at("objective").at("name").get<std::string>();
      m->num_class_ = std::stoi(j.at("learner").at("learner_model_param").at("num_class").get<std::string>());
    } catch (const std::exception& e) {
      return Status::Input(src + ": XGBoost configuration lacks objective/num_class: " + e.what());
    }
    const std::string& o = m->objective_;
    if (o == "binary:logistic" || o == "binary:logitraw" || o == "binary:hinge") {
      m->task_ = TaskKind::kBinary;
      m->outputs_ = 1;
    } else if (o == "multi:softprob" || o == "multi:softmax") {
      m->task_ = TaskKind::kMulticlass;
      m->outputs_ = static_cast<size_t>(m->num_class_);
    } else if (o.rfind("reg:", 0) == 0 || o.rfind("count:", 0) == 0 || o.rfind("survival:", 0) == 0 ||
               o.rfind("rank:", 0) == 0) {
      m->task_ = TaskKind::kRegression;
      m->outputs_ = 1;
    } else {
      return Status::Input(src + ": unsupported XGBoost objective '" + o + "'");
    }
    return std::unique_ptr<Model>(std::move(m));
  }

  std::string framework() const override { return "xgboost"; }
  std::string description() const override { return "xgboost.Booster(" + objective_ + ")"; }
  TaskKind task() const override { return task_; }
  size_t n_features() const override { return n_features_; }
  size_t n_outputs() const override { return outputs_; }
  std::vector<std::string> classes() const override {
    std::vector<std::string> c;
    if (task_ == TaskKind::kBinary) c = {"0", "1"};
    if (task_ == TaskKind::kMulticlass)
      for (size_t k = 0; k < outputs_; ++k) c.push_back(std::to_string(k));
    return c;
  }

  Result<Predictions> Predict(const Matrix& x) const override {
    if (x.cols != n_features_)
      return Status::Input("the data has " + std::to_string(x.cols) + " feature columns but the model expects " +
                           std::to_string(n_features_));
    if (x.values.size() != x.rows * x.cols) return Status::Internal("matrix size does not match its shape");
    Predictions p;
    p.rows = x.rows;
    p.outputs = outputs_;
    if (x.rows == 0) return p;
    DMatrixHandle dm = nullptr;
    std::vector<float> xf(x.values.begin(), x.values.end());
    if (XGDMatrixCreateFromMat(xf.data(), x.rows, x.cols, std::numeric_limits<float>::quiet_NaN(), &dm) != 0)
      return Status::Internal("XGDMatrixCreateFromMat: " + LastError());
    // multi:softmax predicts class labels; take the margins and apply softmax ourselves so
    // metrics see per-class probabilities (what multi:softprob would give).
    const bool softmax = objective_ == "multi:softmax";
    const char* cfg = softmax
                          ? R"({"type": 1, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false})"
                          : R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false})";
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* out = nullptr;
    int rc;
    {
      std::lock_guard<std::mutex> lock(mu_);  // a Booster handle is not safe for concurrent predicts
      rc = XGBoosterPredictFromDMatrix(booster_, dm, cfg, &shape, &dim, &out);
      if (rc == 0) {
        size_t total = 1;
        for (bst_ulong i = 0; i < dim; ++i) total *= shape[i];
        p.scores.assign(out, out + total);
      }
    }
    XGDMatrixFree(dm);
    if (rc != 0) return Status::Internal("XGBoost predict: " + LastError());
    if (p.scores.size() != x.rows * outputs_)
      return Status::Internal("XGBoost returned " + std::to_string(p.scores.size()) + " values for " +
                              std::to_string(x.rows) + " rows");
    if (softmax) {
      for (size_t r = 0; r < x.rows; ++r) {
        double* row = p.scores.data() + r * outputs_;
        double mx = row[0], sum = 0;
        for (size_t k = 1; k < outputs_; ++k) mx = std::max(mx, row[k]);
        for (size_t k = 0; k < outputs_; ++k) sum += (row[k] = std::exp(row[k] - mx));
        for (size_t k = 0; k < outputs_; ++k) row[k] /= sum;
      }
    }
    for (size_t i = 0; i < p.scores.size(); ++i)
      if (!std::isfinite(p.scores[i]))
        return Status::Input("the model produced a non-finite output for row " + std::to_string(i / outputs_ + 1));
    if (task_ != TaskKind::kRegression) {
      const bool raw = objective_ == "binary:logitraw";
      p.probabilities = !raw;
      p.labels.resize(x.rows);
      for (size_t r = 0; r < x.rows; ++r) {
        const double* s = p.scores.data() + r * outputs_;
        p.labels[r] = outputs_ == 1 ? (s[0] > (raw ? 0.0 : 0.5) ? 1 : 0) : std::max_element(s, s + outputs_) - s;
      }
    }
    return p;
  }

 private:
  XgboostModel() = default;
  BoosterHandle booster_ = nullptr;
  size_t n_features_ = 0;
  size_t outputs_ = 1;
  int num_class_ = 0;
  std::string objective_;
  TaskKind task_ = TaskKind::kBinary;
  mutable std::mutex mu_;
};

}  // namespace

Result<std::unique_ptr<Model>> LoadXgboostModel(const std::string& bytes, const std::string& src) {
  return XgboostModel::Load(bytes, src);
}

}  // namespace mg::model
