#include "logs/logs_json.h"

#include <cmath>

namespace mg::logs {
namespace {

using ojson = nlohmann::ordered_json;

ojson Number(double v) {
  if (std::isfinite(v)) return v;
  return std::isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
}

}  // namespace

ojson MetricsToJson(const LogMetrics& m, bool with_points) {
  ojson o;
  ojson metrics = ojson::object();
  for (const auto& [name, s] : m.series) {
    ojson x;
    x["last"] = Number(s.last());
    x["last_step"] = s.last_point.step;
    x["points"] = s.count;
    x["source"] = s.source;
    if (s.stride > 1) x["sampled_every"] = s.stride;
    if (with_points) {
      ojson pts = ojson::array();
      for (const auto& p : s.points) pts.push_back(ojson::array({p.step, Number(p.value)}));
      x["series"] = pts;
    }
    metrics[name] = x;
  }
  o["metrics"] = metrics;
  o["lines"] = m.lines;
  o["unparsed"] = m.unparsed;
  o["skipped"] = m.skipped;
  o["last_round"] = m.last_round >= 0 ? ojson(m.last_round) : ojson(nullptr);
  o["warnings"] = m.warnings;
  return o;
}

ojson AnomaliesToJson(const std::vector<Anomaly>& a) {
  ojson arr = ojson::array();
  for (const auto& x : a)
    arr.push_back({{"kind", x.kind}, {"severity", x.severity}, {"metric", x.metric.empty() ? ojson(nullptr) : ojson(x.metric)},
                   {"step", x.step >= 0 ? ojson(x.step) : ojson(nullptr)}, {"message", x.message}});
  return arr;
}

}  // namespace mg::logs
