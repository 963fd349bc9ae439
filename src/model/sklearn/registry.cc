// Dispatch from a pickled class name to its native builder, and shared helpers.
#include <algorithm>
#include <cmath>
#include <map>

#include "model/sklearn/estimator.h"

namespace mg::model::sk {
namespace {

enum class Family { kLinear, kTree, kBoosting, kNeighborsBayes, kPreprocess, kComposite };

// Fully qualified names as scikit-learn 0.24 - 1.5 pickle them (public aliases included).
const std::map<std::string, std::pair<std::string, Family>>& Registry() {
  static const auto* r = new std::map<std::string, std::pair<std::string, Family>>{
      {"sklearn.linear_model._logistic.LogisticRegression", {"LogisticRegression", Family::kLinear}},
      {"sklearn.linear_model._base.LinearRegression", {"LinearRegression", Family::kLinear}},
      {"sklearn.linear_model._ridge.Ridge", {"Ridge", Family::kLinear}},
      {"sklearn.linear_model._ridge.RidgeClassifier", {"RidgeClassifier", Family::kLinear}},
      {"sklearn.linear_model._coordinate_descent.Lasso", {"Lasso", Family::kLinear}},
      {"sklearn.linear_model._coordinate_descent.ElasticNet", {"ElasticNet", Family::kLinear}},
      {"sklearn.linear_model._stochastic_gradient.SGDClassifier", {"SGDClassifier", Family::kLinear}},
      {"sklearn.linear_model._stochastic_gradient.SGDRegressor", {"SGDRegressor", Family::kLinear}},
      {"sklearn.svm._classes.LinearSVC", {"LinearSVC", Family::kLinear}},
      {"sklearn.svm._classes.LinearSVR", {"LinearSVR", Family::kLinear}},
      {"sklearn.tree._classes.DecisionTreeClassifier", {"DecisionTreeClassifier", Family::kTree}},
      {"sklearn.tree._classes.DecisionTreeRegressor", {"DecisionTreeRegressor", Family::kTree}},
      {"sklearn.ensemble._forest.RandomForestClassifier", {"RandomForestClassifier", Family::kTree}},
      {"sklearn.ensemble._forest.RandomForestRegressor", {"RandomForestRegressor", Family::kTree}},
      {"sklearn.ensemble._forest.ExtraTreesClassifier", {"ExtraTreesClassifier", Family::kTree}},
      {"sklearn.ensemble._forest.ExtraTreesRegressor", {"ExtraTreesRegressor", Family::kTree}},
      {"sklearn.ensemble._gb.GradientBoostingClassifier", {"GradientBoostingClassifier", Family::kBoosting}},
      {"sklearn.ensemble._gb.GradientBoostingRegressor", {"GradientBoostingRegressor", Family::kBoosting}},
      {"sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingClassifier",
       {"HistGradientBoostingClassifier", Family::kBoosting}},
      {"sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingRegressor",
       {"HistGradientBoostingRegressor", Family::kBoosting}},
      {"sklearn.naive_bayes.GaussianNB", {"GaussianNB", Family::kNeighborsBayes}},
      {"sklearn.neighbors._classification.KNeighborsClassifier", {"KNeighborsClassifier", Family::kNeighborsBayes}},
      {"sklearn.neighbors._regression.KNeighborsRegressor", {"KNeighborsRegressor", Family::kNeighborsBayes}},
      {"sklearn.preprocessing._data.StandardScaler", {"StandardScaler", Family::kPreprocess}},
      {"sklearn.preprocessing._data.MinMaxScaler", {"MinMaxScaler", Family::kPreprocess}},
      {"sklearn.preprocessing._data.MaxAbsScaler", {"MaxAbsScaler", Family::kPreprocess}},
      {"sklearn.preprocessing._data.RobustScaler", {"RobustScaler", Family::kPreprocess}},
      {"sklearn.impute._base.SimpleImputer", {"SimpleImputer", Family::kPreprocess}},
      {"sklearn.preprocessing._encoders.OneHotEncoder", {"OneHotEncoder", Family::kPreprocess}},
      {"sklearn.pipeline.Pipeline", {"Pipeline", Family::kComposite}},
      {"sklearn.compose._column_transformer.ColumnTransformer", {"ColumnTransformer", Family::kComposite}},
  };
  return *r;
}

}  // namespace

std::string ShortName(const std::string& cls) {
  size_t dot = cls.rfind('.');
  return dot == std::string::npos ? cls : cls.substr(dot + 1);
}

const std::vector<std::string>& SupportedClasses() {
  static const auto* v = [] {
    auto* out = new std::vector<std::string>;
    for (const auto& [k, e] : Registry()) out->push_back(e.first);
    std::sort(out->begin(), out->end());
    return out;
  }();
  return *v;
}

Result<EstimatorPtr> BuildEstimator(const PyValue& obj, int depth) {
  if (depth > 16) return Status::Input("estimators nested deeper than 16");
  if (obj.kind != PyValue::Kind::kObject)
    return Status::Input(std::string("expected a scikit-learn estimator, found a ") + obj.KindName());
  auto it = Registry().find(obj.s);
  if (it == Registry().end()) {
    std::string list;
    for (const auto& s : SupportedClasses()) list += (list.empty() ? "" : ", ") + s;
    return Status::Input("unsupported estimator class " + obj.s + " (supported: " + list + ")");
  }
  const std::string& name = it->second.first;
  switch (it->second.second) {
    case Family::kLinear: return BuildLinear(obj, name);
    case Family::kTree: return BuildTreeModel(obj, name);
    case Family::kBoosting: return BuildBoosting(obj, name);
    case Family::kNeighborsBayes: return BuildNeighborsBayes(obj, name);
    case Family::kPreprocess: return BuildPreprocessor(obj, name);
    case Family::kComposite: return BuildComposite(obj, name, depth);
  }
  return Status::Internal("unreachable");
}

Result<std::vector<std::string>> ReadClasses(const Attrs& a) {
  if (!a.Has("classes_")) {  // RidgeClassifier: classes_ is a property of its _label_binarizer
    auto lb = a.Value("_label_binarizer");
    if (lb.ok() && (*lb)->kind == PyValue::Kind::kObject) return ReadClasses(Attrs(**lb, a.owner() + "._label_binarizer"));
  }
  MG_ASSIGN_OR_RETURN(auto arr, a.Array("classes_"));
  if (arr->shape.size() != 1) return a.Error("classes_", "expected a 1-d array");
  auto s = arr->Strings();
  if (!s.ok()) return s.status().Annotate(a.owner() + ".classes_");
  return s;
}

Result<size_t> ReadNFeatures(const Attrs& a, size_t fallback) {
  if (!a.Has("n_features_in_")) return fallback;
  MG_ASSIGN_OR_RETURN(int64_t n, a.Int("n_features_in_"));
  if (n <= 0) return a.Error("n_features_in_", "must be positive");
  return static_cast<size_t>(n);
}

size_t ArgMax(const double* v, size_t n) {
  size_t best = 0;
  for (size_t i = 1; i < n; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}

double Expit(double x) { return 1.0 / (1.0 + std::exp(-x)); }

void SoftmaxInPlace(double* v, size_t n) {
  double mx = v[0];
  for (size_t i = 1; i < n; ++i) mx = std::max(mx, v[i]);
  double s = 0;
  for (size_t i = 0; i < n; ++i) s += std::exp(v[i] - mx);
  const double lse = std::log(s) + mx;
  for (size_t i = 0; i < n; ++i) v[i] = std::exp(v[i] - lse);
}

}  // namespace mg::model::sk
