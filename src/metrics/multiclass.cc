// Multiclass metrics: one probability column per class, classes in sorted label order.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "metrics/common.h"
#include "metrics/state.h"

namespace mg::metrics {
using internal::Num;
using internal::Row;

namespace {

// Class labels: the distinct labels when there are K of them, else 0..K-1.
Result<std::vector<double>> ClassLabels(std::span<const double> y, size_t k) {
  std::vector<double> distinct;
  for (size_t i = 0; i < y.size(); ++i) {
    if (!std::isfinite(y[i])) return Status::Input(Row(i) + ": label " + Num(y[i]) + " is not a finite number");
    if (std::find(distinct.begin(), distinct.end(), y[i]) == distinct.end()) {
      distinct.push_back(y[i]);
      if (distinct.size() > k)
        return Status::Input(Row(i) + ": label " + Num(y[i]) + " makes " + std::to_string(distinct.size()) +
                             " classes, but there are " + std::to_string(k) + " score columns");
    }
  }
  std::sort(distinct.begin(), distinct.end());
  if (distinct.size() == k) return distinct;
  for (size_t i = 0; i < y.size(); ++i)
    if (y[i] != std::floor(y[i]) || y[i] < 0 || y[i] >= static_cast<double>(k))
      return Status::Input(Row(i) + ": label " + Num(y[i]) + " is not a class index in [0, " + std::to_string(k) +
                           ") and only " + std::to_string(distinct.size()) + " of the " + std::to_string(k) +
                           " classes are present, so the score columns cannot be matched to labels");
  std::vector<double> all(k);
  for (size_t c = 0; c < k; ++c) all[c] = static_cast<double>(c);
  return all;
}

// Binary ROC AUC of `score` for rows where is_pos/valid; NaN when one class only.
double SubsetAuc(std::span<const double> score, const std::vector<size_t>& cls, size_t positive, const bool* keep,
                 std::span<const double> w) {
  std::vector<double> y, s, ww;
  for (size_t i = 0; i < cls.size(); ++i) {
    if (keep && !keep[i]) continue;
    y.push_back(cls[i] == positive ? 1 : 0);
    s.push_back(score[i]);
    if (!w.empty()) ww.push_back(w[i]);
  }
  BinaryState st;
  if (!st.Add(y, s, ww).ok()) return std::nan("");
  auto m = st.Finish();
  if (!m.ok() || !m->values.count("roc_auc")) return std::nan("");
  return m->values.at("roc_auc");
}

}  // namespace

Result<MetricSet> ComputeMulticlass(std::span<const double> y, const std::vector<std::span<const double>>& proba,
                                    const Options& opt, std::span<const double> w) {
  const size_t n = y.size(), k = proba.size();
  if (n == 0) return Status::Input("no rows to evaluate");
  if (k < 2) return Status::Input("a multiclass task needs one score column per class (at least 2), got " +
                                  std::to_string(k));
  for (size_t c = 0; c < k; ++c)
    if (proba[c].size() != n)
      return Status::Input("score column " + std::to_string(c) + " has " + std::to_string(proba[c].size()) +
                           " rows, labels have " + std::to_string(n));
  MG_RETURN_IF_ERROR(internal::CheckWeights(w, n));
  MG_ASSIGN_OR_RETURN(std::vector<double> labels, ClassLabels(y, k));
  std::vector<size_t> cls(n), pred(n);
  double total = 0, top_hits = 0, ll = 0;
  internal::Matrix cm(k, std::vector<double>(k, 0));
  const double eps = std::numeric_limits<double>::epsilon();
  for (size_t i = 0; i < n; ++i) {
    cls[i] = static_cast<size_t>(std::lower_bound(labels.begin(), labels.end(), y[i]) - labels.begin());
    double sum = 0, clipped_sum = 0;
    size_t arg = 0;
    for (size_t c = 0; c < k; ++c) {
      const double p = proba[c][i];
      if (!std::isfinite(p))
        return Status::Input(Row(i) + ": score for class " + Num(labels[c]) + " is " + Num(p) + ", not a finite number");
      sum += p;
      clipped_sum += std::clamp(p, eps, 1 - eps);
      if (p > proba[arg][i]) arg = c;
    }
    if (!(std::fabs(sum - 1) <= 1e-8 + 1e-5 * std::fabs(sum)))
      return Status::Input(Row(i) + ": class probabilities sum to " + Num(sum) + ", expected 1");
    pred[i] = arg;
    const double wi = w.empty() ? 1.0 : w[i];
    total += wi;
    cm[cls[i]][arg] += wi;
    const double pt = proba[cls[i]][i];
    size_t rank = 0;  // scikit-learn's top_k order: higher score first, ties by higher class index
    for (size_t c = 0; c < k; ++c)
      if (proba[c][i] > pt || (proba[c][i] == pt && c > cls[i])) ++rank;
    if (static_cast<int>(rank) < opt.top_k) top_hits += wi;
    ll += wi * -std::log(std::clamp(pt, eps, 1 - eps) / clipped_sum);
  }
  if (total <= 0) return Status::Input("sample weights sum to zero");

  MetricSet m;
  m.task = "multiclass";
  m.n = n;
  auto& v = m.values;
  double diag = 0;
  for (size_t c = 0; c < k; ++c) diag += cm[c][c];
  v["accuracy"] = diag / total;
  v["balanced_accuracy"] = internal::BalancedAccuracyFromConfusion(cm);
  // Per-class precision / recall / f1 over all K classes.
  std::vector<double> prec(k), rec(k), f1(k), support(k, 0);
  double sum_tp = 0, sum_pred = 0, sum_true = 0;
  for (size_t c = 0; c < k; ++c) {
    double pred_sum = 0, true_sum = 0;
    for (size_t r = 0; r < k; ++r) {
      pred_sum += cm[r][c];
      true_sum += cm[c][r];
    }
    const double tp = cm[c][c];
    prec[c] = pred_sum == 0 ? opt.zero_division : tp / pred_sum;
    rec[c] = true_sum == 0 ? opt.zero_division : tp / true_sum;
    const double den = prec[c] + rec[c];
    f1[c] = 2 * prec[c] * rec[c] / (den == 0 ? 1 : den);
    support[c] = true_sum;
    sum_tp += tp;
    sum_pred += pred_sum;
    sum_true += true_sum;
  }
  auto mean = [&](const std::vector<double>& x, const std::vector<double>* wt) {
    double s = 0, ws = 0;
    for (size_t c = 0; c < k; ++c) {
      const double wc = wt ? (*wt)[c] : 1.0;
      s += wc * x[c];
      ws += wc;
    }
    return s / ws;
  };
  const struct { const char* name; std::vector<double>* x; } prf[] = {{"precision", &prec}, {"recall", &rec}, {"f1", &f1}};
  const double mp = sum_pred == 0 ? opt.zero_division : sum_tp / sum_pred;
  const double mr = sum_true == 0 ? opt.zero_division : sum_tp / sum_true;
  const double mden = mp + mr;
  const double micro[] = {mp, mr, 2 * mp * mr / (mden == 0 ? 1 : mden)};
  for (int q = 0; q < 3; ++q) {
    const std::string name = prf[q].name;
    v[name + "_macro"] = mean(*prf[q].x, nullptr);
    v[name + "_micro"] = micro[q];
    v[name + "_weighted"] = mean(*prf[q].x, &support);
    m.per_class[name] = *prf[q].x;
  }
  v["matthews_corrcoef"] = internal::MatthewsFromConfusion(cm);
  const double kappa = internal::KappaFromConfusion(cm);
  if (std::isnan(kappa)) m.undefined["cohen_kappa"] = "every row has the same true and predicted label; kappa is 0/0";
  else v["cohen_kappa"] = kappa;
  v["log_loss"] = ll / total;
  v["top_k_accuracy"] = top_hits / total;

  // One-vs-rest ROC AUC: undefined when a class is absent from the labels.
  size_t absent = k;
  for (size_t c = 0; c < k && absent == k; ++c)
    if (support[c] == 0) absent = c;
  if (absent < k) {
    const std::string why = "class " + Num(labels[absent]) + " is absent from the labels; one-vs-rest ROC AUC is not defined";
    m.undefined["roc_auc_ovr"] = why;
    m.undefined["roc_auc_ovr_weighted"] = why;
  } else {
    double macro = 0, weighted = 0;
    for (size_t c = 0; c < k; ++c) {
      const double auc = SubsetAuc(proba[c], cls, c, nullptr, w);
      macro += auc;
      weighted += auc * support[c];
    }
    v["roc_auc_ovr"] = macro / static_cast<double>(k);
    v["roc_auc_ovr_weighted"] = weighted / total;
  }
  // One-vs-one (Hand & Till): pairs of the classes present in the labels, unweighted only.
  std::vector<size_t> present;
  for (size_t c = 0; c < k; ++c)
    if (support[c] > 0) present.push_back(c);
  if (!w.empty()) {
    const char* why = "scikit-learn does not support sample weights for one-vs-one ROC AUC";
    m.undefined["roc_auc_ovo"] = why;
    m.undefined["roc_auc_ovo_weighted"] = why;
  } else if (present.size() < 2) {
    m.undefined["roc_auc_ovo"] = m.undefined["roc_auc_ovo_weighted"] = "only one class is present in the labels";
  } else {
    std::vector<double> pair_auc, prevalence;
    std::unique_ptr<bool[]> keep(new bool[n]);
    for (size_t ia = 0; ia < present.size(); ++ia)
      for (size_t ib = ia + 1; ib < present.size(); ++ib) {
        const size_t a = present[ia], b = present[ib];
        size_t count = 0;
        for (size_t i = 0; i < n; ++i) count += (keep[i] = cls[i] == a || cls[i] == b);
        const double ab = SubsetAuc(proba[a], cls, a, keep.get(), {});
        const double ba = SubsetAuc(proba[b], cls, b, keep.get(), {});
        pair_auc.push_back((ab + ba) / 2);
        prevalence.push_back(static_cast<double>(count) / static_cast<double>(n));
      }
    double s = 0, sw = 0, ws = 0;
    for (size_t p = 0; p < pair_auc.size(); ++p) {
      s += pair_auc[p];
      sw += pair_auc[p] * prevalence[p];
      ws += prevalence[p];
    }
    v["roc_auc_ovo"] = s / static_cast<double>(pair_auc.size());
    v["roc_auc_ovo_weighted"] = sw / ws;
  }
  m.confusion.labels = labels;
  m.confusion.counts = cm;
  return m;
}

}  // namespace mg::metrics
