#include "logs/agreement.h"

#include <cmath>
#include <cstdio>

namespace mg::logs {
namespace {

bool ValidationName(const std::string& name, std::string* metric) {
  size_t p = name.find_first_of(":-_");
  if (p == std::string::npos) return false;
  std::string split = name.substr(0, p);
  for (char& c : split) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (split != "validation" && split != "val" && split != "valid" && split != "eval") return false;
  *metric = name.substr(p + 1);
  return true;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.5g", v);
  return buf;
}

}  // namespace

std::vector<MetricAgreement> CompareWithRecomputed(const LogMetrics& logs, const job::JobRecord* job,
                                                   const std::map<std::string, double>& rec, double scale) {
  std::map<std::string, double> values;  // log metric name -> final value
  if (job)
    for (const auto& f : job->final_metrics) values[f.name] = f.value;
  for (const auto& [name, s] : logs.series)
    if (s.count && s.source != "metrics.json") values[name] = s.last();
  std::vector<MetricAgreement> out;
  for (const auto& [name, v] : values) {
    std::string m;
    if (!ValidationName(name, &m)) continue;
    MetricAgreement a;
    a.log_metric = name;
    a.log_value = v;
    auto get = [&](const char* k, double* x) {
      auto it = rec.find(k);
      if (it == rec.end()) return false;
      *x = it->second;
      return true;
    };
    double r = 0;
    if (m == "auc" && get("roc_auc", &r)) {
      a.metric = "roc_auc", a.recomputed = r, a.tolerance = 0.05;
    } else if (m == "logloss" && get("log_loss", &r)) {
      a.metric = "log_loss", a.recomputed = r, a.tolerance = std::max(0.1, 0.5 * std::fabs(r));
    } else if (m == "error" && get("accuracy", &r)) {
      a.metric = "1-accuracy", a.recomputed = 1 - r, a.tolerance = 0.05;
    } else if ((m == "accuracy" || m == "f1" || m == "precision" || m == "recall") && get(m.c_str(), &r)) {
      a.metric = m, a.recomputed = r, a.tolerance = 0.05;
    } else {
      continue;
    }
    if (!std::isfinite(a.log_value) || !std::isfinite(a.recomputed)) continue;
    a.tolerance *= scale;
    double diff = std::fabs(a.log_value - a.recomputed);
    a.agrees = diff <= a.tolerance;
    a.message = name + " in the logs is " + Num(a.log_value) + ", recomputed " + a.metric + " on the evaluation data is " +
                Num(a.recomputed) + " (difference " + Num(diff) + ", tolerance " + Num(a.tolerance) + ")";
    if (!a.agrees) a.message += ": a different evaluation set, a leak between training and validation, or not the logged model";
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace mg::logs
