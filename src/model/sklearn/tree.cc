// Decision trees and forests: DecisionTree*, RandomForest*, ExtraTrees*.
#include "model/sklearn/tree.h"

#include <cmath>

#include "model/sklearn/estimator.h"

namespace mg::model::sk {

Result<TreeNodes> ReadTree(const PyValue& tree, const std::string& owner) {
  const std::string who = owner + ".tree_";
  if (tree.kind != PyValue::Kind::kObject || ShortName(tree.s) != "Tree")
    return Status::Input(who + ": expected sklearn.tree._tree.Tree, found " + (tree.kind == PyValue::Kind::kObject ? tree.s : tree.KindName()));
  if (tree.args.size() < 3 || !tree.args[0]->IsNumber() || !tree.args[2]->IsNumber())
    return Status::Input(who + ": Tree without (n_features, n_classes, n_outputs)");
  TreeNodes t;
  int64_t nf = tree.args[0]->i, no = tree.args[2]->i;
  if (tree.args[0]->kind != PyValue::Kind::kInt || nf <= 0 || nf > (1 << 30)) return Status::Input(who + ": bad n_features");
  if (tree.args[2]->kind != PyValue::Kind::kInt || no != 1) return Status::Input(who + ": only single-output trees are supported");
  t.n_features = static_cast<size_t>(nf);
  t.n_outputs = 1;
  Attrs a(tree, who);
  MG_ASSIGN_OR_RETURN(int64_t count, a.Int("node_count"));
  MG_ASSIGN_OR_RETURN(auto nodes, a.Array("nodes"));
  MG_ASSIGN_OR_RETURN(auto values, a.Array("values"));
  if (nodes->kind != 'V' || nodes->shape.size() != 1) return a.Error("nodes", "expected a 1-d structured array");
  if (count <= 0 || nodes->shape[0] != count) return a.Error("nodes", "has " + std::to_string(nodes->shape.empty() ? 0 : nodes->shape[0]) + " nodes but node_count is " + std::to_string(count));
  if (values->shape.size() != 3 || values->shape[0] != count || values->shape[1] != 1 || values->shape[2] <= 0)
    return a.Error("values", "expected shape (node_count, 1, n_classes)");
  t.width = static_cast<size_t>(values->shape[2]);
  auto annotate = [&](Status s) { return s.Annotate(who + ".nodes"); };
  auto l = nodes->FieldInts("left_child");
  if (!l.ok()) return annotate(l.status());
  auto r = nodes->FieldInts("right_child");
  if (!r.ok()) return annotate(r.status());
  auto f = nodes->FieldInts("feature");
  if (!f.ok()) return annotate(f.status());
  auto th = nodes->FieldDoubles("threshold");
  if (!th.ok()) return annotate(th.status());
  t.left = std::move(*l);
  t.right = std::move(*r);
  t.feature = std::move(*f);
  t.threshold = std::move(*th);
  if (nodes->HasField("missing_go_to_left")) {
    MG_ASSIGN_OR_RETURN(auto m, nodes->FieldInts("missing_go_to_left"));
    t.missing_left.assign(m.begin(), m.end());
  }
  auto v = values->Doubles();
  if (!v.ok()) return annotate(v.status());
  t.value = std::move(*v);
  const size_t n = static_cast<size_t>(count);
  std::vector<uint8_t> seen(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const int64_t li = t.left[i], ri = t.right[i];
    if (li == -1 && ri == -1) continue;
    auto bad = [&](const std::string& what) { return Status::Input(who + ": node " + std::to_string(i) + " " + what); };
    if (li <= static_cast<int64_t>(i) || ri <= static_cast<int64_t>(i) || li >= count || ri >= count || li == ri)
      return bad("has children " + std::to_string(li) + "/" + std::to_string(ri) +
                 " (must be distinct, after the node and below node_count " + std::to_string(count) + ")");
    if (seen[li]++ || seen[ri]++) return bad("shares a child with another node");
    if (t.feature[i] < 0 || t.feature[i] >= nf) return bad("splits on feature " + std::to_string(t.feature[i]) + " of " + std::to_string(nf));
    if (!std::isfinite(t.threshold[i])) return bad("has a non-finite threshold");
  }
  for (double x : t.value)
    if (!std::isfinite(x)) return a.Error("values", "holds a non-finite value");
  return t;
}

namespace {

// One tree or an average of trees (forests). Classifiers: per-tree normalized class counts,
// summed in tree order and divided by the tree count (ForestClassifier.predict_proba).
class TreeEnsemble final : public Estimator {
 public:
  TreeEnsemble(std::string name, bool classifier, std::vector<TreeNodes> trees, std::vector<std::string> classes, size_t nf)
      : name_(std::move(name)), classifier_(classifier), trees_(std::move(trees)), classes_(std::move(classes)), nf_(nf) {}
  Role role() const override { return classifier_ ? Role::kClassifier : Role::kRegressor; }
  std::string name() const override { return name_; }
  size_t n_in() const override { return nf_; }
  size_t n_out() const override { return classifier_ ? classes_.size() : 1; }
  const std::vector<std::string>& classes() const override { return classes_; }
  Status Predict(const Block& x, Output& out) const override {
    const size_t k = n_out();
    out.scores.assign(x.rows * k, 0.0);
    if (classifier_) out.label.resize(x.rows);
    std::vector<double> p(k);
    for (size_t r = 0; r < x.rows; ++r) {
      double* o = out.scores.data() + r * k;
      for (const TreeNodes& t : trees_) {
        const double* v = t.Value(t.Leaf(x.row(r)));
        if (!classifier_) {
          o[0] += v[0];
          continue;
        }
        double s = 0;
        for (size_t c = 0; c < k; ++c) s += v[c];
        if (s == 0) s = 1;
        for (size_t c = 0; c < k; ++c) o[c] += v[c] / s;
      }
      if (trees_.size() > 1)
        for (size_t c = 0; c < k; ++c) o[c] /= static_cast<double>(trees_.size());
      if (classifier_) out.label[r] = static_cast<int64_t>(ArgMax(o, k));
    }
    return Status::Ok();
  }

 private:
  std::string name_;
  bool classifier_;
  std::vector<TreeNodes> trees_;
  std::vector<std::string> classes_;
  size_t nf_;
};

}  // namespace

Result<EstimatorPtr> BuildTreeModel(const PyValue& obj, const std::string& name) {
  Attrs a(obj, name);
  const bool classifier = name.find("Classifier") != std::string::npos;
  std::vector<std::string> classes;
  if (classifier) {
    MG_ASSIGN_OR_RETURN(classes, ReadClasses(a));
    if (classes.size() < 2) return a.Error("classes_", "fewer than two classes");
  }
  std::vector<TreeNodes> trees;
  auto add = [&](const PyValue& est, const std::string& owner) -> Status {
    PyPtr tv = est.Get("tree_");
    if (!tv) return Status::Input(owner + ".tree_: missing from the pickled state");
    MG_ASSIGN_OR_RETURN(TreeNodes t, ReadTree(*tv, owner));
    if (classifier && t.width != classes.size())
      return Status::Input(owner + ".tree_: has " + std::to_string(t.width) + " class columns for " + std::to_string(classes.size()) + " classes");
    if (!trees.empty() && t.n_features != trees[0].n_features) return Status::Input(owner + ".tree_: n_features differs between trees");
    trees.push_back(std::move(t));
    return Status::Ok();
  };
  if (name.rfind("DecisionTree", 0) == 0) {
    MG_RETURN_IF_ERROR(add(obj, name));
  } else {
    MG_ASSIGN_OR_RETURN(PyPtr ests, a.Value("estimators_"));
    if (!ests->IsSeq() || ests->items.empty()) return a.Error("estimators_", "expected a non-empty list of trees");
    for (size_t i = 0; i < ests->items.size(); ++i)
      MG_RETURN_IF_ERROR(add(*ests->items[i], name + ".estimators_[" + std::to_string(i) + "]"));
  }
  MG_ASSIGN_OR_RETURN(size_t nf, ReadNFeatures(a, trees[0].n_features));
  if (nf != trees[0].n_features) return a.Error("n_features_in_", "differs from the trees' n_features");
  return EstimatorPtr(new TreeEnsemble(name, classifier, std::move(trees), std::move(classes), nf));
}

}  // namespace mg::model::sk
