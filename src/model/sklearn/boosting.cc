// Gradient boosting: GradientBoostingClassifier/Regressor and HistGradientBoostingClassifier/Regressor.
#include <cmath>
#include <limits>

#include "model/sklearn/estimator.h"
#include "model/sklearn/tree.h"

namespace mg::model::sk {
namespace {

// raw[k] = init[k] + sum over stages of scale * tree(stage, k)  (ensemble/_gradient_boosting.pyx)
class GradientBoosting final : public Estimator {
 public:
  std::string name_;
  bool classifier = false, exponential = false;
  size_t nf = 0, k = 1;                 // k = trees per stage
  double scale = 0.1;
  std::vector<double> init;             // k
  std::vector<TreeNodes> trees;         // stage-major, k per stage
  std::vector<std::string> classes_;

  Role role() const override { return classifier ? Role::kClassifier : Role::kRegressor; }
  std::string name() const override { return name_; }
  size_t n_in() const override { return nf; }
  size_t n_out() const override { return classifier ? classes_.size() : 1; }
  const std::vector<std::string>& classes() const override { return classes_; }
  Status Predict(const Block& x, Output& out) const override {
    const size_t no = n_out();
    out.scores.resize(x.rows * no);
    if (classifier) out.label.resize(x.rows);
    std::vector<double> raw(k);
    for (size_t r = 0; r < x.rows; ++r) {
      raw = init;
      for (size_t t = 0; t < trees.size(); ++t) raw[t % k] += scale * trees[t].Value(trees[t].Leaf(x.row(r)))[0];
      double* o = out.scores.data() + r * no;
      if (!classifier) {
        o[0] = raw[0];
      } else if (k == 1) {
        o[1] = Expit(exponential ? 2.0 * raw[0] : raw[0]);
        o[0] = 1 - o[1];
        out.label[r] = exponential ? (raw[0] >= 0 ? 1 : 0) : static_cast<int64_t>(ArgMax(o, 2));
      } else {
        for (size_t c = 0; c < k; ++c) o[c] = raw[c];
        SoftmaxInPlace(o, k);
        out.label[r] = static_cast<int64_t>(ArgMax(o, k));
      }
    }
    return Status::Ok();
  }
};

Result<EstimatorPtr> BuildGB(const PyValue& obj, const std::string& name) {
  Attrs a(obj, name);
  auto m = std::make_unique<GradientBoosting>();
  m->name_ = name;
  m->classifier = name == "GradientBoostingClassifier";
  MG_ASSIGN_OR_RETURN(m->scale, a.Number("learning_rate"));
  std::string loss = a.StrOr("loss", m->classifier ? "log_loss" : "squared_error");
  if (m->classifier) {
    MG_ASSIGN_OR_RETURN(m->classes_, ReadClasses(a));
    if (m->classes_.size() < 2) return a.Error("classes_", "fewer than two classes");
    m->k = m->classes_.size() == 2 ? 1 : m->classes_.size();
    if (loss == "exponential") m->exponential = true;
    else if (loss != "log_loss" && loss != "deviance") return a.Error("loss", "unsupported loss '" + loss + "'");
  } else if (loss != "squared_error" && loss != "ls" && loss != "absolute_error" && loss != "lad" && loss != "huber" && loss != "quantile") {
    return a.Error("loss", "unsupported loss '" + loss + "'");
  }
  MG_ASSIGN_OR_RETURN(auto ests, a.Array("estimators_"));
  if (ests->kind != 'O' || ests->shape.size() != 2 || ests->shape[0] <= 0 || static_cast<size_t>(ests->shape[1]) != m->k)
    return a.Error("estimators_", "expected an object array of shape (n_stages, " + std::to_string(m->k) + ")");
  for (size_t i = 0; i < ests->objects.size(); ++i) {
    const std::string owner = name + ".estimators_[" + std::to_string(i / m->k) + "," + std::to_string(i % m->k) + "]";
    PyPtr tv = ests->objects[i]->Get("tree_");
    if (!tv) return Status::Input(owner + ".tree_: missing from the pickled state");
    MG_ASSIGN_OR_RETURN(TreeNodes t, ReadTree(*tv, owner));
    if (t.width != 1) return Status::Input(owner + ".tree_: expected a regression tree");
    if (!m->trees.empty() && t.n_features != m->trees[0].n_features) return Status::Input(owner + ".tree_: n_features differs between trees");
    m->trees.push_back(std::move(t));
  }
  m->nf = m->trees[0].n_features;
  MG_ASSIGN_OR_RETURN(size_t nf, ReadNFeatures(a, m->nf));
  if (nf != m->nf) return a.Error("n_features_in_", "differs from the trees' n_features");
  MG_ASSIGN_OR_RETURN(PyPtr init, a.Value("init_"));
  if (init->kind == PyValue::Kind::kStr && init->s == "zero") {
    m->init.assign(m->k, 0.0);
  } else if (init->kind == PyValue::Kind::kObject && ShortName(init->s) == "DummyClassifier" && m->classifier) {
    Attrs d(*init, name + ".init_");
    std::string strategy = d.StrOr("_strategy", d.StrOr("strategy", "prior"));
    if (strategy != "prior") return d.Error("strategy", "only 'prior' is supported, found '" + strategy + "'");
    MG_ASSIGN_OR_RETURN(auto prior, d.Doubles("class_prior_"));
    if (prior.size() != m->classes_.size()) return d.Error("class_prior_", "does not match the classes");
    const double eps = std::numeric_limits<float>::epsilon();
    for (double& p : prior) p = std::min(std::max(p, eps), 1 - eps);
    if (m->k == 1) m->init = {(m->exponential ? 0.5 : 1.0) * std::log(prior[1] / (1 - prior[1]))};
    else for (double p : prior) m->init.push_back(std::log(p));
  } else if (init->kind == PyValue::Kind::kObject && ShortName(init->s) == "DummyRegressor" && !m->classifier) {
    Attrs d(*init, name + ".init_");
    MG_ASSIGN_OR_RETURN(auto c, d.Doubles("constant_"));
    if (c.size() != 1) return d.Error("constant_", "expected one value");
    m->init = c;
  } else {
    return a.Error("init_", "only the default (Dummy prior/mean) or 'zero' init is supported, found " +
                               (init->kind == PyValue::Kind::kObject ? init->s : std::string(init->KindName())));
  }
  return EstimatorPtr(std::move(m));
}

// HistGradientBoosting: TreePredictor nodes with a NaN-aware numeric split.
struct HistTree {
  std::vector<double> value, threshold;
  std::vector<int64_t> feature, left, right;
  std::vector<uint8_t> leaf, missing_left;
  double Predict(const double* x) const {
    size_t n = 0;
    while (!leaf[n]) {
      const double v = x[feature[n]];
      if (std::isnan(v)) n = static_cast<size_t>(missing_left[n] ? left[n] : right[n]);
      else n = static_cast<size_t>(v <= threshold[n] ? left[n] : right[n]);
    }
    return value[n];
  }
};

class HistGradientBoosting final : public Estimator {
 public:
  std::string name_;
  bool classifier = false, exp_link = false;
  size_t nf = 0, k = 1;
  std::vector<double> baseline;
  std::vector<HistTree> trees;  // iteration-major, k per iteration
  std::vector<std::string> classes_;

  Role role() const override { return classifier ? Role::kClassifier : Role::kRegressor; }
  std::string name() const override { return name_; }
  size_t n_in() const override { return nf; }
  size_t n_out() const override { return classifier ? classes_.size() : 1; }
  bool allows_nan() const override { return true; }
  const std::vector<std::string>& classes() const override { return classes_; }
  Status Predict(const Block& x, Output& out) const override {
    const size_t no = n_out();
    out.scores.resize(x.rows * no);
    if (classifier) out.label.resize(x.rows);
    std::vector<double> raw(k);
    for (size_t r = 0; r < x.rows; ++r) {
      raw = baseline;
      for (size_t t = 0; t < trees.size(); ++t) raw[t % k] += trees[t].Predict(x.row(r));
      double* o = out.scores.data() + r * no;
      if (!classifier) {
        o[0] = exp_link ? std::exp(raw[0]) : raw[0];
        continue;
      }
      if (k == 1) {
        o[1] = Expit(raw[0]);
        o[0] = 1 - o[1];
      } else {
        for (size_t c = 0; c < k; ++c) o[c] = raw[c];
        SoftmaxInPlace(o, k);
      }
      out.label[r] = static_cast<int64_t>(ArgMax(o, no));
    }
    return Status::Ok();
  }
};

Result<HistTree> ReadHistTree(const PyValue& p, const std::string& owner, size_t nf) {
  if (p.kind != PyValue::Kind::kObject || ShortName(p.s) != "TreePredictor") return Status::Input(owner + ": expected a TreePredictor");
  Attrs a(p, owner);
  MG_ASSIGN_OR_RETURN(auto nodes, a.Array("nodes"));
  if (nodes->kind != 'V' || nodes->shape.size() != 1 || nodes->shape[0] <= 0) return a.Error("nodes", "expected a 1-d structured array");
  HistTree t;
  auto ann = [&](const Status& s) { return s.Annotate(owner + ".nodes"); };
#define MG_FIELD(dst, fn, field)             \
  {                                          \
    auto r_ = nodes->fn(field);              \
    if (!r_.ok()) return ann(r_.status());   \
    dst.assign(r_->begin(), r_->end());      \
  }
  MG_FIELD(t.value, FieldDoubles, "value");
  MG_FIELD(t.threshold, FieldDoubles, "num_threshold");
  MG_FIELD(t.feature, FieldInts, "feature_idx");
  MG_FIELD(t.left, FieldInts, "left");
  MG_FIELD(t.right, FieldInts, "right");
  MG_FIELD(t.leaf, FieldInts, "is_leaf");
  MG_FIELD(t.missing_left, FieldInts, "missing_go_to_left");
  std::vector<int64_t> cat;
  if (nodes->HasField("is_categorical")) MG_FIELD(cat, FieldInts, "is_categorical");
#undef MG_FIELD
  const int64_t n = nodes->shape[0];
  std::vector<uint8_t> seen(static_cast<size_t>(n), 0);
  for (int64_t i = 0; i < n; ++i) {
    if (!std::isfinite(t.value[i])) return Status::Input(owner + ": node " + std::to_string(i) + " has a non-finite value");
    if (t.leaf[i]) continue;
    auto bad = [&](const std::string& what) { return Status::Input(owner + ": node " + std::to_string(i) + " " + what); };
    if (!cat.empty() && cat[i]) return bad("is a categorical split (not supported)");
    const int64_t l = t.left[i], r = t.right[i];
    if (l <= i || r <= i || l >= n || r >= n || l == r) return bad("has children " + std::to_string(l) + "/" + std::to_string(r) + " outside the node array or not after it");
    if (seen[l]++ || seen[r]++) return bad("shares a child with another node");
    if (t.feature[i] < 0 || static_cast<size_t>(t.feature[i]) >= nf) return bad("splits on feature " + std::to_string(t.feature[i]));
    if (std::isnan(t.threshold[i])) return bad("has a NaN threshold");
  }
  return t;
}

Result<EstimatorPtr> BuildHGB(const PyValue& obj, const std::string& name) {
  Attrs a(obj, name);
  auto m = std::make_unique<HistGradientBoosting>();
  m->name_ = name;
  m->classifier = name == "HistGradientBoostingClassifier";
  MG_ASSIGN_OR_RETURN(int64_t nf, a.Int("n_features_in_"));
  if (nf <= 0) return a.Error("n_features_in_", "must be positive");
  m->nf = static_cast<size_t>(nf);
  MG_ASSIGN_OR_RETURN(int64_t k, a.Int("n_trees_per_iteration_"));
  if (k <= 0 || k > 100000) return a.Error("n_trees_per_iteration_", "out of range");
  m->k = static_cast<size_t>(k);
  std::string loss = a.StrOr("loss", "");
  if (m->classifier) {
    MG_ASSIGN_OR_RETURN(m->classes_, ReadClasses(a));
    if (m->classes_.size() < 2 || m->k != (m->classes_.size() == 2 ? 1 : m->classes_.size()))
      return a.Error("n_trees_per_iteration_", "does not match the classes");
  } else if (loss == "poisson" || loss == "gamma") {
    m->exp_link = true;
  } else if (loss != "squared_error" && loss != "absolute_error" && loss != "quantile" && loss != "least_squares") {
    return a.Error("loss", "unsupported loss '" + loss + "'");
  }
  PyPtr cat = obj.Get("is_categorical_");
  if (cat && cat->kind == PyValue::Kind::kArray) {
    MG_ASSIGN_OR_RETURN(auto c, cat->array->Ints());
    for (int64_t v : c)
      if (v) return a.Error("is_categorical_", "categorical features are not supported");
  }
  MG_ASSIGN_OR_RETURN(m->baseline, a.Doubles("_baseline_prediction"));
  if (m->baseline.size() != m->k) return a.Error("_baseline_prediction", "does not have n_trees_per_iteration_ values");
  MG_ASSIGN_OR_RETURN(PyPtr preds, a.Value("_predictors"));
  if (!preds->IsSeq()) return a.Error("_predictors", "expected a list");
  for (size_t it = 0; it < preds->items.size(); ++it) {
    const PyValue& row = *preds->items[it];
    if (!row.IsSeq() || row.items.size() != m->k) return a.Error("_predictors", "iteration " + std::to_string(it) + " does not hold n_trees_per_iteration_ predictors");
    for (size_t j = 0; j < m->k; ++j) {
      MG_ASSIGN_OR_RETURN(HistTree t, ReadHistTree(*row.items[j], name + "._predictors[" + std::to_string(it) + "][" + std::to_string(j) + "]", m->nf));
      m->trees.push_back(std::move(t));
    }
  }
  return EstimatorPtr(std::move(m));
}

}  // namespace

Result<EstimatorPtr> BuildBoosting(const PyValue& obj, const std::string& name) {
  if (name.rfind("Hist", 0) == 0) return BuildHGB(obj, name);
  return BuildGB(obj, name);
}

}  // namespace mg::model::sk
