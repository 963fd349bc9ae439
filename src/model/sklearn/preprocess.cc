// Column-wise transformers: StandardScaler, MinMaxScaler, MaxAbsScaler, RobustScaler,
// SimpleImputer, OneHotEncoder (numeric categories).
#include <algorithm>
#include <cmath>

#include "model/sklearn/estimator.h"

namespace mg::model::sk {
namespace {

// out = ((x - sub) / div) * mul + add, each step optional, as the scalers do in place.
class Affine final : public Estimator {
 public:
  std::string name_;
  size_t nf = 0;
  std::vector<double> sub, div, mul, add;  // empty = skip
  bool clip = false;
  Role role() const override { return Role::kTransformer; }
  std::string name() const override { return name_; }
  size_t n_in() const override { return nf; }
  size_t n_out() const override { return nf; }
  bool allows_nan() const override { return true; }  // scalers pass NaN through
  Status Transform(const Block& x, Block& out) const override {
    out.rows = x.rows;
    out.cols = nf;
    out.v = x.v;
    for (size_t r = 0; r < x.rows; ++r) {
      double* o = out.v.data() + r * nf;
      for (size_t j = 0; j < nf; ++j) {
        if (!sub.empty()) o[j] -= sub[j];
        if (!div.empty()) o[j] /= div[j];
        if (!mul.empty()) o[j] *= mul[j];
        if (!add.empty()) o[j] += add[j];
        if (clip) o[j] = std::min(std::max(o[j], lo_[j]), hi_[j]);
      }
    }
    return Status::Ok();
  }
  std::vector<double> lo_, hi_;
};

Result<std::vector<double>> Vec(const Attrs& a, const char* key, size_t* nf) {
  MG_ASSIGN_OR_RETURN(auto v, a.Doubles(key));
  if (*nf == 0) *nf = v.size();
  if (v.size() != *nf) return a.Error(key, "has " + std::to_string(v.size()) + " values for " + std::to_string(*nf) + " features");
  return v;
}

bool Present(const PyValue& obj, const char* key) {
  PyPtr v = obj.Get(key);
  return v && !v->IsNone();
}

Result<EstimatorPtr> BuildScaler(const PyValue& obj, const std::string& name) {
  Attrs a(obj, name);
  auto m = std::make_unique<Affine>();
  m->name_ = name;
  MG_ASSIGN_OR_RETURN(int64_t nf, a.Int("n_features_in_"));
  if (nf <= 0) return a.Error("n_features_in_", "must be positive");
  m->nf = static_cast<size_t>(nf);
  if (name == "StandardScaler") {
    if (a.BoolOr("with_mean", true) && Present(obj, "mean_")) {
      MG_ASSIGN_OR_RETURN(m->sub, Vec(a, "mean_", &m->nf));
    }
    if (a.BoolOr("with_std", true) && Present(obj, "scale_")) {
      MG_ASSIGN_OR_RETURN(m->div, Vec(a, "scale_", &m->nf));
    }
  } else if (name == "MinMaxScaler") {
    MG_ASSIGN_OR_RETURN(m->mul, Vec(a, "scale_", &m->nf));
    MG_ASSIGN_OR_RETURN(m->add, Vec(a, "min_", &m->nf));
    if (a.BoolOr("clip", false)) {
      MG_ASSIGN_OR_RETURN(PyPtr fr, a.Value("feature_range"));
      if (!fr->IsSeq() || fr->items.size() != 2 || !fr->items[0]->IsNumber() || !fr->items[1]->IsNumber())
        return a.Error("feature_range", "expected (min, max)");
      m->clip = true;
      m->lo_.assign(m->nf, fr->items[0]->Number());
      m->hi_.assign(m->nf, fr->items[1]->Number());
    }
  } else if (name == "MaxAbsScaler") {
    MG_ASSIGN_OR_RETURN(m->div, Vec(a, "scale_", &m->nf));
  } else {  // RobustScaler
    if (a.BoolOr("with_centering", true) && Present(obj, "center_")) {
      MG_ASSIGN_OR_RETURN(m->sub, Vec(a, "center_", &m->nf));
    }
    if (a.BoolOr("with_scaling", true) && Present(obj, "scale_")) {
      MG_ASSIGN_OR_RETURN(m->div, Vec(a, "scale_", &m->nf));
    }
  }
  for (auto* v : {&m->sub, &m->div, &m->mul, &m->add})
    for (double d : *v)
      if (!std::isfinite(d)) return Status::Input(name + ": a fitted statistic is not finite");
  return EstimatorPtr(std::move(m));
}

class Imputer final : public Estimator {
 public:
  size_t nf = 0;
  bool nan_missing = true;
  double missing = 0;
  std::vector<double> stats;
  std::vector<size_t> keep;  // columns kept (NaN statistics are dropped)
  Role role() const override { return Role::kTransformer; }
  std::string name() const override { return "SimpleImputer"; }
  size_t n_in() const override { return nf; }
  size_t n_out() const override { return keep.size(); }
  bool allows_nan() const override { return true; }
  Status Transform(const Block& x, Block& out) const override {
    out.rows = x.rows;
    out.cols = keep.size();
    out.v.resize(out.rows * out.cols);
    for (size_t r = 0; r < x.rows; ++r)
      for (size_t c = 0; c < keep.size(); ++c) {
        double v = x.row(r)[keep[c]];
        bool miss = nan_missing ? std::isnan(v) : v == missing;
        out.v[r * out.cols + c] = miss ? stats[keep[c]] : v;
      }
    return Status::Ok();
  }
};

Result<EstimatorPtr> BuildImputer(const PyValue& obj) {
  Attrs a(obj, "SimpleImputer");
  auto m = std::make_unique<Imputer>();
  MG_ASSIGN_OR_RETURN(m->stats, a.Doubles("statistics_"));
  m->nf = m->stats.size();
  MG_ASSIGN_OR_RETURN(size_t nf, ReadNFeatures(a, m->nf));
  if (nf != m->nf) return a.Error("statistics_", "does not have n_features_in_ values");
  PyPtr mv = obj.Get("missing_values");
  if (mv && mv->IsNumber() && !std::isnan(mv->Number())) {
    m->nan_missing = false;
    m->missing = mv->Number();
  } else if (mv && !mv->IsNumber() && !mv->IsNone()) {
    return a.Error("missing_values", "only numeric or NaN missing values are supported");
  }
  if (a.BoolOr("add_indicator", false)) return a.Error("add_indicator", "is not supported");
  bool keep_empty = a.BoolOr("keep_empty_features", false);
  for (size_t j = 0; j < m->nf; ++j)
    if (keep_empty || !std::isnan(m->stats[j])) m->keep.push_back(j);
  return EstimatorPtr(std::move(m));
}

class OneHot final : public Estimator {
 public:
  std::vector<std::vector<double>> cats;
  std::vector<int64_t> drop;  // per feature, -1 = none
  bool ignore_unknown = false;
  size_t width = 0;
  Role role() const override { return Role::kTransformer; }
  std::string name() const override { return "OneHotEncoder"; }
  size_t n_in() const override { return cats.size(); }
  size_t n_out() const override { return width; }
  Status Transform(const Block& x, Block& out) const override {
    out.rows = x.rows;
    out.cols = width;
    out.v.assign(out.rows * width, 0.0);
    for (size_t r = 0; r < x.rows; ++r) {
      size_t base = 0;
      for (size_t j = 0; j < cats.size(); ++j) {
        const auto& c = cats[j];
        auto it = std::lower_bound(c.begin(), c.end(), x.row(r)[j]);
        const size_t span = c.size() - (drop[j] >= 0 ? 1 : 0);
        if (it == c.end() || *it != x.row(r)[j]) {
          if (!ignore_unknown)
            return Status::Input("OneHotEncoder: unknown category " + std::to_string(x.row(r)[j]) + " in feature " + std::to_string(j));
        } else {
          int64_t idx = it - c.begin();
          if (idx != drop[j]) out.v[r * width + base + static_cast<size_t>(drop[j] >= 0 && idx > drop[j] ? idx - 1 : idx)] = 1.0;
        }
        base += span;
      }
    }
    return Status::Ok();
  }
};

Result<EstimatorPtr> BuildOneHot(const PyValue& obj) {
  Attrs a(obj, "OneHotEncoder");
  auto m = std::make_unique<OneHot>();
  MG_ASSIGN_OR_RETURN(PyPtr cats, a.Value("categories_"));
  if (!cats->IsSeq() || cats->items.empty()) return a.Error("categories_", "expected a list of arrays");
  for (const auto& c : cats->items) {
    if (c->kind != PyValue::Kind::kArray) return a.Error("categories_", "expected a list of arrays");
    auto d = c->array->Doubles();
    if (!d.ok()) return a.Error("categories_", "only numeric categories are supported");
    if (d->empty() || !std::is_sorted(d->begin(), d->end())) return a.Error("categories_", "expected sorted, non-empty categories");
    m->cats.push_back(std::move(*d));
  }
  if (a.BoolOr("_infrequent_enabled", false)) return a.Error("max_categories", "infrequent categories are not supported");
  std::string hu = a.StrOr("handle_unknown", "error");
  if (hu == "ignore") m->ignore_unknown = true;
  else if (hu != "error") return a.Error("handle_unknown", "'" + hu + "' is not supported");
  m->drop.assign(m->cats.size(), -1);
  PyPtr drop = obj.Get("drop_idx_");
  if (drop && drop->kind == PyValue::Kind::kArray) {
    if (drop->array->count() != m->cats.size()) return a.Error("drop_idx_", "does not have one entry per feature");
    if (drop->array->kind == 'O') {
      for (size_t j = 0; j < m->cats.size(); ++j) {
        const PyValue& e = *drop->array->objects[j];
        if (e.IsNone()) continue;
        if (e.kind != PyValue::Kind::kInt || e.i < 0) return a.Error("drop_idx_", "unexpected entry");
        m->drop[j] = static_cast<int64_t>(e.Number());
      }
    } else {
      MG_ASSIGN_OR_RETURN(auto d, drop->array->Ints());
      for (size_t j = 0; j < d.size(); ++j) m->drop[j] = d[j] < 0 ? -2 : d[j];
    }
    for (size_t j = 0; j < m->cats.size(); ++j)
      if (m->drop[j] < -1 || m->drop[j] >= static_cast<int64_t>(m->cats[j].size())) return a.Error("drop_idx_", "points outside the categories");
  }
  for (size_t j = 0; j < m->cats.size(); ++j) m->width += m->cats[j].size() - (m->drop[j] >= 0 ? 1 : 0);
  MG_ASSIGN_OR_RETURN(size_t nf, ReadNFeatures(a, m->cats.size()));
  if (nf != m->cats.size()) return a.Error("categories_", "does not have one entry per feature");
  return EstimatorPtr(std::move(m));
}

}  // namespace

Result<EstimatorPtr> BuildPreprocessor(const PyValue& obj, const std::string& name) {
  if (name == "SimpleImputer") return BuildImputer(obj);
  if (name == "OneHotEncoder") return BuildOneHot(obj);
  return BuildScaler(obj, name);
}

}  // namespace mg::model::sk
