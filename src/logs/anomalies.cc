#include "logs/anomalies.h"

#include <cmath>
#include <cstdio>

namespace mg::logs {
namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "train:auc" -> ("train", "auc"); separators ':', '-', '_'. Empty split when none.
void SplitName(const std::string& name, std::string* split, std::string* metric) {
  size_t p = name.find_first_of(":-_");
  if (p == std::string::npos) {
    split->clear();
    *metric = name;
    return;
  }
  *split = Lower(name.substr(0, p));
  *metric = name.substr(p + 1);
}

bool IsTrain(const std::string& s) { return s == "train" || s == "training"; }
bool IsValidation(const std::string& s) {
  return s == "validation" || s == "val" || s == "valid" || s == "eval" || s == "test" || s == "dev";
}

// The series' points with the true last point appended when sampling dropped it.
std::vector<Point> Points(const Series& s) {
  std::vector<Point> p = s.points;
  if (s.count && (p.empty() || p.back().step != s.last_point.step)) p.push_back(s.last_point);
  return p;
}

bool Better(double a, double b, bool lower) { return lower ? a < b : a > b; }

void Divergence(const Series& s, std::vector<Anomaly>* out) {
  std::vector<Point> p = Points(s);
  if (p.size() < 5 || !std::isfinite(p.front().value) || !std::isfinite(p.back().value)) return;
  double first = p.front().value, last = p.back().value, best = first;
  int64_t best_step = p.front().step;
  for (const auto& x : p)
    if (std::isfinite(x.value) && x.value < best) best = x.value, best_step = x.step;
  double scale = std::max(first - best, std::fabs(first) * 0.1);
  if (last > first && last - best > 0.5 * scale && scale > 0) {
    out->push_back({"divergence", "warning", s.name, best_step,
                    s.name + " diverges: best " + Num(best) + " at step " + std::to_string(best_step) + ", then rises to " +
                        Num(last) + " at step " + std::to_string(p.back().step) + " (started at " + Num(first) +
                        "); lower the learning rate (eta) or check the data"});
  }
}

void Overfitting(const Series& train, const Series& val, bool lower, std::vector<Anomaly>* out) {
  std::vector<Point> v = Points(val), t = Points(train);
  if (v.size() < 5 || t.size() < 5) return;
  size_t b = 0;
  for (size_t i = 0; i < v.size(); ++i)
    if (std::isfinite(v[i].value) && (!std::isfinite(v[b].value) || Better(v[i].value, v[b].value, lower))) b = i;
  size_t after = v.size() - 1 - b;
  if (after < std::max<size_t>(3, v.size() / 10)) return;
  double best = v[b].value, last = v.back().value;
  if (!std::isfinite(best) || !std::isfinite(last)) return;
  // The end of the curve (mean of its last points), not one noisy last value, must be worse.
  size_t k = std::max<size_t>(3, v.size() / 10);
  double tail = 0;
  for (size_t i = v.size() - k; i < v.size(); ++i) tail += v[i].value;
  tail /= static_cast<double>(k);
  double worse = lower ? tail - best : best - tail;
  if (!(worse > std::max(std::fabs(best) * 0.05, 1e-6))) return;
  // The train value at (or just before) the validation's best step and at the end.
  auto train_at = [&](int64_t step) {
    double val = t.front().value;
    for (const auto& x : t)
      if (x.step <= step) val = x.value;
    return val;
  };
  double t_best = train_at(v[b].step), t_last = train_at(v.back().step);
  if (!std::isfinite(t_best) || !std::isfinite(t_last) || Better(t_best, t_last, lower)) return;  // train got worse too
  double gap_best = std::fabs(v[b].value - t_best), gap_last = std::fabs(last - t_last);
  if (!(gap_last > gap_best * 1.1)) return;
  out->push_back({"overfitting", "warning", val.name, v[b].step,
                  "train/validation gap grows from step " + std::to_string(v[b].step) + ": " + val.name + " best " +
                      Num(best) + " there, " + Num(last) + " at step " + std::to_string(v.back().step) + " while " +
                      train.name + " goes " + Num(t_best) + " -> " + Num(t_last) + " (gap " + Num(gap_best) + " -> " +
                      Num(gap_last) + "); fewer rounds, early stopping or more regularisation"});
}

void Plateau(const Series& s, std::vector<Anomaly>* out) {
  std::vector<Point> p = Points(s);
  if (p.size() < 10) return;
  double last = p.back().value;
  if (!std::isfinite(last)) return;
  double tol = std::max(1e-4 * std::fabs(last), 5e-6);
  size_t i = p.size() - 1;
  while (i > 0 && std::isfinite(p[i - 1].value) && std::fabs(p[i - 1].value - last) <= tol) --i;
  size_t flat = p.size() - i;
  if (flat < std::max<size_t>(5, p.size() / 5) || i == 0) return;
  out->push_back({"plateau", "info", s.name, p[i].step,
                  s.name + " stays at " + Num(last) + " from step " + std::to_string(p[i].step) + " to " +
                      std::to_string(p.back().step) + " (" + std::to_string(flat) +
                      " logged points): the later rounds add nothing; consider early stopping"});
}

}  // namespace

bool LowerIsBetter(const std::string& name) {
  std::string n = Lower(name);
  for (const char* k : {"loss", "error", "rmse", "mae", "mse", "mape", "deviance", "poisson", "gamma", "tweedie",
                        "cox", "merror", "rmsle", "phe", "nloglik"})
    if (n.find(k) != std::string::npos) return true;
  return false;
}

std::vector<Anomaly> FindAnomalies(const LogMetrics& m) {
  std::vector<Anomaly> out;
  for (const auto& [name, s] : m.series)
    if (s.first_nonfinite_step)
      out.push_back({"non_finite", "warning", name, *s.first_nonfinite_step,
                     name + " becomes non-finite (NaN or infinity) at step " + std::to_string(*s.first_nonfinite_step) +
                         "; the model is likely broken: check the learning rate, the labels and the data for NaN/inf"});
  bool any_validation = false;
  for (const auto& [name, s] : m.series) {
    std::string split, metric;
    SplitName(name, &split, &metric);
    any_validation |= IsValidation(split);
  }
  for (const auto& [name, s] : m.series) {
    std::string split, metric;
    SplitName(name, &split, &metric);
    bool lower = LowerIsBetter(metric);
    if (lower && !IsValidation(split)) Divergence(s, &out);
    if (IsValidation(split) || (!any_validation && !IsTrain(split))) Plateau(s, &out);
    // Step-quantised metrics (error rates, accuracy) on a small validation set move by one
    // sample at a time: too noisy to call overfitting.
    std::string lm = Lower(metric);
    if (!IsTrain(split) || lm.find("error") != std::string::npos || lm.find("acc") != std::string::npos) continue;
    for (const auto& [vname, v] : m.series) {
      std::string vs, vm;
      SplitName(vname, &vs, &vm);
      if (IsValidation(vs) && vm == metric) Overfitting(s, v, lower, &out);
    }
  }
  const EarlyStopping& es = m.early_stopping;
  if (es.seen) {
    std::string msg = "training stopped early";
    if (es.best_iteration >= 0) msg += " at best iteration " + std::to_string(es.best_iteration);
    if (es.patience >= 0) msg += " (no improvement in " + std::to_string(es.patience) + " rounds)";
    if (m.last_round >= 0) msg += "; last logged round " + std::to_string(m.last_round);
    out.push_back({"early_stopping", "info", "", es.best_iteration, msg});
  }
  return out;
}

}  // namespace mg::logs
