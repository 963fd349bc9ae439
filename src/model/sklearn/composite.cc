// Composition: Pipeline and ColumnTransformer (numeric column selections).
#include <algorithm>
#include <cmath>

#include "model/sklearn/estimator.h"

namespace mg::model::sk {
namespace {

class Identity final : public Estimator {
 public:
  explicit Identity(size_t n) : n_(n) {}
  Role role() const override { return Role::kTransformer; }
  std::string name() const override { return "passthrough"; }
  size_t n_in() const override { return n_; }
  size_t n_out() const override { return n_; }
  bool allows_nan() const override { return true; }
  Status Transform(const Block& x, Block& out) const override {
    out = x;
    return Status::Ok();
  }

 private:
  size_t n_;
};

class Pipeline final : public Estimator {
 public:
  std::vector<EstimatorPtr> steps;  // non-empty; passthrough steps removed
  size_t nf = 0;
  const Estimator& last() const { return *steps.back(); }
  Role role() const override { return last().role(); }
  std::string name() const override {
    std::string s = "Pipeline(";
    for (size_t i = 0; i < steps.size(); ++i) s += (i ? ", " : "") + steps[i]->name();
    return s + ")";
  }
  size_t n_in() const override { return nf; }
  size_t n_out() const override { return last().n_out(); }
  bool allows_nan() const override { return steps.front()->allows_nan(); }
  bool has_proba() const override { return last().has_proba(); }
  const std::vector<std::string>& classes() const override { return last().classes(); }
  Status Run(const Block& x, Block& cur, size_t upto) const {
    cur = x;
    Block tmp;
    for (size_t i = 0; i < upto; ++i) {
      MG_RETURN_IF_ERROR(steps[i]->Transform(cur, tmp));
      std::swap(cur, tmp);
      if (!steps[i + 1]->allows_nan())
        for (double v : cur.v)
          if (std::isnan(v)) return Status::Input(steps[i + 1]->name() + " does not accept missing values (NaN) in its input");
    }
    return Status::Ok();
  }
  Status Transform(const Block& x, Block& out) const override {
    Block cur;
    MG_RETURN_IF_ERROR(Run(x, cur, steps.size() - 1));
    return last().Transform(cur, out);
  }
  Status Predict(const Block& x, Output& out) const override {
    Block cur;
    MG_RETURN_IF_ERROR(Run(x, cur, steps.size() - 1));
    return last().Predict(cur, out);
  }
};

class ColumnTransformer final : public Estimator {
 public:
  struct Part {
    std::vector<size_t> cols;
    EstimatorPtr est;  // transformer or Identity
  };
  std::vector<Part> parts;
  size_t nf = 0, width = 0;
  Role role() const override { return Role::kTransformer; }
  std::string name() const override { return "ColumnTransformer"; }
  size_t n_in() const override { return nf; }
  size_t n_out() const override { return width; }
  bool allows_nan() const override {
    for (const auto& p : parts)
      if (!p.est->allows_nan()) return false;
    return true;
  }
  Status Transform(const Block& x, Block& out) const override {
    out.rows = x.rows;
    out.cols = width;
    out.v.assign(x.rows * width, 0.0);
    size_t base = 0;
    Block in, res;
    for (const auto& p : parts) {
      in.rows = x.rows;
      in.cols = p.cols.size();
      in.v.resize(in.rows * in.cols);
      for (size_t r = 0; r < x.rows; ++r)
        for (size_t c = 0; c < p.cols.size(); ++c) in.v[r * in.cols + c] = x.row(r)[p.cols[c]];
      MG_RETURN_IF_ERROR(p.est->Transform(in, res));
      if (res.cols != p.est->n_out() || res.rows != x.rows) return Status::Internal("ColumnTransformer: a part returned an unexpected shape");
      for (size_t r = 0; r < x.rows; ++r) std::copy(res.row(r), res.row(r) + res.cols, out.v.begin() + static_cast<long>(r * width + base));
      base += res.cols;
    }
    return Status::Ok();
  }
};

// Column selection -> indices: ints, int arrays, bool masks, slices, names (feature_names_in_).
Result<std::vector<size_t>> Columns(const PyValue& sel, size_t nf, const std::vector<std::string>& names, const Attrs& a) {
  std::vector<size_t> out;
  auto add_int = [&](int64_t i) -> Status {
    if (i < 0) i += static_cast<int64_t>(nf);
    if (i < 0 || static_cast<size_t>(i) >= nf) return a.Error("transformers_", "column " + std::to_string(i) + " out of range");
    out.push_back(static_cast<size_t>(i));
    return Status::Ok();
  };
  auto add_name = [&](const std::string& s) -> Status {
    auto it = std::find(names.begin(), names.end(), s);
    if (it == names.end()) return a.Error("transformers_", "column '" + s + "' is not in feature_names_in_");
    out.push_back(static_cast<size_t>(it - names.begin()));
    return Status::Ok();
  };
  if (sel.kind == PyValue::Kind::kInt) {
    MG_RETURN_IF_ERROR(add_int(sel.i));
  } else if (sel.kind == PyValue::Kind::kStr) {
    MG_RETURN_IF_ERROR(add_name(sel.s));
  } else if (sel.IsSeq()) {
    for (const auto& it : sel.items) {
      if (it->kind == PyValue::Kind::kInt) MG_RETURN_IF_ERROR(add_int(it->i));
      else if (it->kind == PyValue::Kind::kStr) MG_RETURN_IF_ERROR(add_name(it->s));
      else if (it->kind == PyValue::Kind::kBool) { if (it->b) MG_RETURN_IF_ERROR(add_int(static_cast<int64_t>(&it - &sel.items[0]))); }
      else return a.Error("transformers_", "unsupported column selection");
    }
  } else if (sel.kind == PyValue::Kind::kArray) {
    const NdArray& arr = *sel.array;
    if (arr.kind == 'b') {
      MG_ASSIGN_OR_RETURN(auto m, arr.Ints());
      if (m.size() != nf) return a.Error("transformers_", "boolean column mask of the wrong length");
      for (size_t i = 0; i < m.size(); ++i)
        if (m[i]) out.push_back(i);
    } else if (arr.kind == 'i' || arr.kind == 'u') {
      MG_ASSIGN_OR_RETURN(auto m, arr.Ints());
      for (int64_t i : m) MG_RETURN_IF_ERROR(add_int(i));
    } else {
      MG_ASSIGN_OR_RETURN(auto s, arr.Strings());
      for (const auto& n : s) MG_RETURN_IF_ERROR(add_name(n));
    }
  } else if (sel.kind == PyValue::Kind::kObject && sel.s == "builtins.slice" && sel.args.size() == 3) {
    auto get = [&](size_t k, int64_t dflt) { return sel.args[k]->kind == PyValue::Kind::kInt ? sel.args[k]->i : dflt; };
    int64_t n = static_cast<int64_t>(nf);
    int64_t step = get(2, 1);
    if (step <= 0) return a.Error("transformers_", "only positive slice steps are supported");
    step = std::min(step, n + 1);  // no overflow in i += step below
    int64_t start = get(0, 0), stop = get(1, n);
    if (start < 0) start = std::max<int64_t>(0, start + n);
    if (stop < 0) stop = std::max<int64_t>(0, stop + n);
    start = std::min(start, n);
    stop = std::min(stop, n);
    for (int64_t i = start; i < stop; i += step) out.push_back(static_cast<size_t>(i));
  } else {
    return a.Error("transformers_", std::string("unsupported column selection of kind ") + sel.KindName());
  }
  return out;
}

}  // namespace

Result<EstimatorPtr> BuildComposite(const PyValue& obj, const std::string& name, int depth) {
  Attrs a(obj, name);
  if (name == "Pipeline") {
    MG_ASSIGN_OR_RETURN(PyPtr steps, a.Value("steps"));
    if (!steps->IsSeq() || steps->items.empty()) return a.Error("steps", "expected a non-empty list of (name, estimator)");
    auto p = std::make_unique<Pipeline>();
    for (size_t i = 0; i < steps->items.size(); ++i) {
      const PyValue& st = *steps->items[i];
      if (!st.IsSeq() || st.items.size() != 2) return a.Error("steps", "expected (name, estimator) pairs");
      const PyValue& est = *st.items[1];
      if (est.IsNone() || (est.kind == PyValue::Kind::kStr && est.s == "passthrough")) continue;
      MG_ASSIGN_OR_RETURN(EstimatorPtr e, BuildEstimator(est, depth + 1));
      const bool last = i + 1 == steps->items.size();
      if (!last && e->role() != Estimator::Role::kTransformer)
        return a.Error("steps", "step " + std::to_string(i) + " (" + e->name() + ") is not a transformer");
      if (!p->steps.empty() && p->steps.back()->n_out() != e->n_in())
        return a.Error("steps", p->steps.back()->name() + " outputs " + std::to_string(p->steps.back()->n_out()) + " columns but " + e->name() +
                                    " expects " + std::to_string(e->n_in()));
      p->steps.push_back(std::move(e));
    }
    if (p->steps.empty()) return a.Error("steps", "every step is passthrough");
    p->nf = p->steps.front()->n_in();
    return EstimatorPtr(std::move(p));
  }
  // ColumnTransformer
  MG_ASSIGN_OR_RETURN(int64_t nf, a.Int("n_features_in_"));
  if (nf <= 0 || nf > (1 << 24)) return a.Error("n_features_in_", "out of range");
  std::vector<std::string> names;
  if (PyPtr fn = obj.Get("feature_names_in_"); fn && fn->kind == PyValue::Kind::kArray) {
    MG_ASSIGN_OR_RETURN(names, fn->array->Strings());
  }
  MG_ASSIGN_OR_RETURN(PyPtr trs, a.Value("transformers_"));
  if (!trs->IsSeq()) return a.Error("transformers_", "expected a list");
  auto ct = std::make_unique<ColumnTransformer>();
  ct->nf = static_cast<size_t>(nf);
  for (const auto& t : trs->items) {
    if (!t->IsSeq() || t->items.size() < 3) return a.Error("transformers_", "expected (name, transformer, columns) triples");
    ColumnTransformer::Part part;
    MG_ASSIGN_OR_RETURN(part.cols, Columns(*t->items[2], ct->nf, names, a));
    const PyValue& est = *t->items[1];
    if (est.kind == PyValue::Kind::kStr && est.s == "drop") continue;
    if (part.cols.empty()) continue;
    if (est.kind == PyValue::Kind::kStr && est.s == "passthrough") {
      part.est = std::make_unique<Identity>(part.cols.size());
    } else if (est.kind == PyValue::Kind::kObject && ShortName(est.s) == "FunctionTransformer" && est.Get("func") && est.Get("func")->IsNone()) {
      part.est = std::make_unique<Identity>(part.cols.size());
    } else {
      MG_ASSIGN_OR_RETURN(part.est, BuildEstimator(est, depth + 1));
      if (part.est->role() != Estimator::Role::kTransformer) return a.Error("transformers_", part.est->name() + " is not a transformer");
      if (part.est->n_in() != part.cols.size())
        return a.Error("transformers_", part.est->name() + " expects " + std::to_string(part.est->n_in()) + " columns but is given " + std::to_string(part.cols.size()));
    }
    ct->width += part.est->n_out();
    ct->parts.push_back(std::move(part));
  }
  if (ct->width == 0) return a.Error("transformers_", "selects no output columns");
  return EstimatorPtr(std::move(ct));
}

}  // namespace mg::model::sk
