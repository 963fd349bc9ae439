// Binary metrics from a mergeable BinaryState (state.h).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "metrics/common.h"
#include "metrics/state.h"

namespace mg::metrics {
using internal::Num;
using internal::Row;

namespace {

struct Pair {
  double score, weight;
  bool operator<(const Pair& o) const { return score < o.score || (score == o.score && weight < o.weight); }
};

void MergeWeighted(std::vector<double>& s, std::vector<double>& w, const std::vector<Pair>& add) {
  std::vector<Pair> a(s.size());
  for (size_t i = 0; i < s.size(); ++i) a[i] = {s[i], w[i]};
  std::vector<Pair> out(a.size() + add.size());
  std::merge(a.begin(), a.end(), add.begin(), add.end(), out.begin());
  s.resize(out.size());
  w.resize(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    s[i] = out[i].score;
    w[i] = out[i].weight;
  }
}

void MergeSorted(std::vector<double>& into, std::vector<double>&& add) {
  if (into.empty()) {  // the first batch: no copy (peak memory)
    into = std::move(add);
    return;
  }
  const auto mid = static_cast<std::ptrdiff_t>(into.size());
  into.insert(into.end(), add.begin(), add.end());
  std::inplace_merge(into.begin(), into.begin() + mid, into.end());
}

double Ratio(double num, double den, double zero_division) { return den == 0 ? zero_division : num / den; }

}  // namespace

// Walks the tie groups of a state in descending score order.
struct StateWalk {
  const BinaryState& s;
  size_t i, j;  // remaining counts of pos_/neg_
  explicit StateWalk(const BinaryState& st) : s(st), i(st.pos_.size()), j(st.neg_.size()) {}
  // Next group: its score and the (weighted) positives and negatives with exactly that score.
  bool Next(double* v, double* pw, double* nw) {
    if (i == 0 && j == 0) return false;
    double top = -std::numeric_limits<double>::infinity();
    if (i) top = s.pos_[i - 1];
    if (j) top = std::max(top, s.neg_[j - 1]);
    *pw = *nw = 0;
    while (i && s.pos_[i - 1] == top) {
      --i;
      *pw += s.weighted_ ? s.pos_w_[i] : 1.0;
    }
    while (j && s.neg_[j - 1] == top) {
      --j;
      *nw += s.weighted_ ? s.neg_w_[j] : 1.0;
    }
    *v = top;
    return true;
  }
  // The next lower distinct score, or just below v when v is the lowest.
  double Below(double v) const {
    double b = -std::numeric_limits<double>::infinity();
    if (i) b = s.pos_[i - 1];
    if (j) b = std::max(b, s.neg_[j - 1]);
    return (i || j) ? b : std::nextafter(v, -std::numeric_limits<double>::infinity());
  }
};

Status BinaryState::Add(std::span<const double> y, std::span<const double> score, std::span<const double> w,
                        size_t first_row) {
  if (y.size() != score.size())
    return Status::Input("labels and scores differ in length (" + std::to_string(y.size()) + " vs " +
                         std::to_string(score.size()) + ")");
  MG_RETURN_IF_ERROR(internal::CheckWeights(w, y.size(), first_row));
  if (y.empty()) return Status::Ok();
  const bool weighted = !w.empty();
  if (any_rows_ && weighted != weighted_) return Status::Input("cannot mix weighted and unweighted rows");
  weighted_ = weighted;
  any_rows_ = true;
  for (size_t r = 0; r < y.size(); ++r) {
    const size_t row = first_row + r;
    if (!std::isfinite(score[r])) return Status::Input(Row(row) + ": score " + Num(score[r]) + " is not a finite number");
    if (!std::isfinite(y[r])) return Status::Input(Row(row) + ": label " + Num(y[r]) + " is not a finite number");
    const bool known = labels_.size() == 2 ? (y[r] == labels_[0] || y[r] == labels_[1])
                                           : std::find(labels_.begin(), labels_.end(), y[r]) != labels_.end();
    if (!known) {
      if (labels_.size() == 2)
        return Status::Input(Row(row) + ": a third label value (" + Num(y[r]) + ") in a binary task (labels " +
                             Num(labels_[0]) + ", " + Num(labels_[1]) + ")");
      labels_.push_back(y[r]);
    }
    const bool p = y[r] == opt_.pos_label;
    (p ? pos_ : neg_).push_back(score[r]);
    if (weighted) (p ? pos_w_ : neg_w_).push_back(w[r]);
  }
  if (labels_.size() == 2 && std::find(labels_.begin(), labels_.end(), opt_.pos_label) == labels_.end())
    return Status::Input("pos_label " + Num(opt_.pos_label) + " is not one of the label values (" + Num(labels_[0]) +
                         ", " + Num(labels_[1]) + ")");
  sorted_ = false;
  return Status::Ok();
}

void BinaryState::Reserve(size_t rows) {
  pos_.reserve(rows);
  neg_.reserve(rows);
  if (weighted_) {
    pos_w_.reserve(rows);
    neg_w_.reserve(rows);
  }
}

void BinaryState::Sort() const {
  if (sorted_) return;
  if (weighted_) {
    for (auto [s, w] : {std::pair{&pos_, &pos_w_}, std::pair{&neg_, &neg_w_}}) {
      std::vector<Pair> p(s->size());
      for (size_t k = 0; k < p.size(); ++k) p[k] = {(*s)[k], (*w)[k]};
      std::sort(p.begin(), p.end());
      for (size_t k = 0; k < p.size(); ++k) (*s)[k] = p[k].score, (*w)[k] = p[k].weight;
    }
  } else {
    std::sort(pos_.begin(), pos_.end());
    std::sort(neg_.begin(), neg_.end());
  }
  sorted_ = true;
}

Status BinaryState::Merge(const BinaryState& o) {
  if (!o.any_rows_) return Status::Ok();
  Sort();
  o.Sort();
  if (any_rows_ && o.weighted_ != weighted_) return Status::Input("cannot merge weighted and unweighted states");
  if (o.opt_.pos_label != opt_.pos_label) return Status::Input("cannot merge states with different pos_label");
  for (double l : o.labels_) {
    if (std::find(labels_.begin(), labels_.end(), l) != labels_.end()) continue;
    if (labels_.size() == 2) return Status::Input("merged shards hold more than two label values");
    labels_.push_back(l);
  }
  weighted_ = o.weighted_;
  any_rows_ = true;
  if (weighted_) {
    std::vector<Pair> p(o.pos_.size()), q(o.neg_.size());
    for (size_t k = 0; k < p.size(); ++k) p[k] = {o.pos_[k], o.pos_w_[k]};
    for (size_t k = 0; k < q.size(); ++k) q[k] = {o.neg_[k], o.neg_w_[k]};
    MergeWeighted(pos_, pos_w_, p);
    MergeWeighted(neg_, neg_w_, q);
  } else {
    MergeSorted(pos_, std::vector<double>(o.pos_));
    MergeSorted(neg_, std::vector<double>(o.neg_));
  }
  return Status::Ok();
}

Result<MetricSet> BinaryState::Finish() const {
  Sort();
  const size_t n = this->n();
  if (n == 0) return Status::Input("no rows to evaluate");
  const double t = opt_.threshold, zd = opt_.zero_division;
  // Totals, confusion at the threshold, and the per-row losses.
  double wp = 0, wn = 0, tp = 0, fp = 0, ll = 0, brier = 0;
  bool in_unit = true;
  const double eps = std::numeric_limits<double>::epsilon();
  auto row_loss = [&](double s, double w, bool positive) {
    const double q = std::clamp(s, eps, 1 - eps);
    const double q0 = 1 - q;
    ll += w * -std::log((positive ? q : q0) / (q + q0));
    const double d = (positive ? 1.0 : 0.0) - s;
    brier += w * d * d;
    if (s < 0 || s > 1) in_unit = false;
  };
  for (size_t k = 0; k < pos_.size(); ++k) {
    const double w = weighted_ ? pos_w_[k] : 1.0;
    wp += w;
    if (pos_[k] > t) tp += w;
    row_loss(pos_[k], w, true);
  }
  for (size_t k = 0; k < neg_.size(); ++k) {
    const double w = weighted_ ? neg_w_[k] : 1.0;
    wn += w;
    if (neg_[k] > t) fp += w;
    row_loss(neg_[k], w, false);
  }
  const double total = wp + wn;
  if (total <= 0) return Status::Input("sample weights sum to zero");
  const double fn = wp - tp, tn = wn - fp;

  MetricSet m;
  m.task = "binary";
  m.n = n;
  auto& v = m.values;
  v["accuracy"] = (tp + tn) / total;
  const internal::Matrix c = {{tn, fp}, {fn, tp}};
  v["balanced_accuracy"] = internal::BalancedAccuracyFromConfusion(c);
  const double precision = Ratio(tp, tp + fp, zd), recall = Ratio(tp, tp + fn, zd);
  v["precision"] = precision;
  v["recall"] = recall;
  auto fbeta = [&](double beta) {  // scikit-learn 1.2.1: from precision and recall
    const double b2 = beta * beta;
    double den = b2 * precision + recall;
    if (den == 0) den = 1;
    return (1 + b2) * precision * recall / den;
  };
  v["f1"] = fbeta(1);
  v["fbeta"] = fbeta(opt_.beta);
  v["specificity"] = Ratio(tn, tn + fp, zd);
  v["npv"] = Ratio(tn, tn + fn, zd);
  v["false_positive_rate"] = Ratio(fp, fp + tn, zd);
  v["matthews_corrcoef"] = internal::MatthewsFromConfusion(c);
  const double kappa = internal::KappaFromConfusion(c);
  if (std::isnan(kappa)) m.undefined["cohen_kappa"] = "every row has the same true and predicted label; kappa is 0/0";
  else v["cohen_kappa"] = kappa;

  // Ranking metrics and best thresholds: one walk over the tie groups, highest score first.
  if (wp == 0 || wn == 0) {
    const std::string why = std::string("only one class (") + (wp == 0 ? "negative" : "positive") +
                            ") is present in the labels; ";
    m.undefined["roc_auc"] = why + "ROC AUC is not defined";
    m.undefined["average_precision"] = why + "average precision is not used without both classes";
  } else {
    StateWalk walk(*this);
    double val, pw, nw, tps = 0, fps = 0, u = 0, ap = 0;
    ThresholdChoice best_f1{0, -1}, best_j{0, -2};
    while (walk.Next(&val, &pw, &nw)) {
      u += pw * (wn - fps - nw) + 0.5 * pw * nw;
      const double prev = tps;
      tps += pw;
      fps += nw;
      if (pw > 0) ap += (tps - prev) / wp * (tps / (tps + fps));
      const double f1 = 2 * tps / (2 * tps + fps + (wp - tps));
      const double j = tps / wp - fps / wn;
      if (f1 > best_f1.value) best_f1 = {walk.Below(val), f1};
      if (j > best_j.value) best_j = {walk.Below(val), j};
    }
    v["roc_auc"] = u / (wp * wn);
    v["average_precision"] = ap;
    m.best_thresholds["f1"] = best_f1;
    m.best_thresholds["youden_j"] = best_j;
  }
  if (labels_.size() < 2) m.undefined["log_loss"] = "only one label value is present; log_loss needs both classes";
  else v["log_loss"] = ll / total;
  if (!in_unit) m.undefined["brier_score"] = "scores outside [0, 1] are not probabilities";
  else v["brier_score"] = brier / total;

  // Confusion matrix over the sorted label values.
  std::vector<double> labels = labels_;
  if (std::find(labels.begin(), labels.end(), opt_.pos_label) == labels.end() && labels.size() < 2)
    labels.push_back(opt_.pos_label);
  std::sort(labels.begin(), labels.end());
  m.confusion.labels = labels;
  if (labels.size() == 1) {
    m.confusion.counts = {{tp + fn}};
  } else if (labels[0] == opt_.pos_label) {
    m.confusion.counts = {{tp, fn}, {fp, tn}};
  } else {
    m.confusion.counts = {{tn, fp}, {fn, tp}};
  }
  return m;
}

Result<MetricSet> ComputeBinary(std::span<const double> y_true, std::span<const double> score, const Options& opt,
                                std::span<const double> weight) {
  if (y_true.empty()) return Status::Input("no rows to evaluate");
  BinaryState st(opt);
  MG_RETURN_IF_ERROR(st.Add(y_true, score, weight));
  return st.Finish();
}

double RocAuc(std::span<const double> score, std::span<const unsigned char> positive) {
  std::vector<double> y(score.size());
  for (size_t i = 0; i < y.size(); ++i) y[i] = positive[i] ? 1 : 0;
  BinaryState st;
  if (!st.Add(y, score).ok()) return std::nan("");
  auto m = st.Finish();
  if (!m.ok() || !m->values.count("roc_auc")) return std::nan("");
  return m->values.at("roc_auc");
}

}  // namespace mg::metrics
