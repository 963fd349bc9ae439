#include "logs/logs.h"

#include <nlohmann/json.hpp>
#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "core/env.h"
#include "job/logfile.h"

namespace mg::logs {
namespace {

// "[12]..." at the start of a line (XGBoost round numbers), else -1.
int64_t LeadingStep(std::string_view line) {
  if (line.size() < 3 || line[0] != '[') return -1;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(line.data() + 1, line.data() + line.size(), v);
  if (ec != std::errc() || p == line.data() + 1 || p >= line.data() + line.size() || *p != ']') return -1;
  return v;
}

std::string Replace(std::string_view in, std::string_view from, std::string_view to) {
  std::string out;
  size_t pos = 0;
  for (;;) {
    size_t hit = in.find(from, pos);
    if (hit == std::string_view::npos) break;
    out.append(in.substr(pos, hit - pos));
    out.append(to);
    pos = hit + from.size();
  }
  out.append(in.substr(pos));
  return out;
}

}  // namespace

bool ParseMetricNumber(std::string s, double* out) {
  size_t cut = s.find("#011");
  if (cut != std::string::npos) s.resize(cut);
  cut = s.find('\t');
  if (cut != std::string::npos) s.resize(cut);
  while (!s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  if (s.empty()) return false;
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "nan" || lower == "-nan" || lower == "+nan") {
    *out = std::nan("");
    return true;
  }
  if (lower == "inf" || lower == "+inf" || lower == "infinity" || lower == "+infinity") {
    *out = INFINITY;
    return true;
  }
  if (lower == "-inf" || lower == "-infinity") {
    *out = -INFINITY;
    return true;
  }
  const char* b = s.data();
  if (*b == '+') ++b;
  auto [p, ec] = std::from_chars(b, s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

void Series::Add(int64_t step, double value) {
  ++count;
  last_point = {step, value};
  if (!std::isfinite(value) && !first_nonfinite_step) first_nonfinite_step = step;
  if ((count - 1) % stride != 0) return;
  points.push_back({step, value});
  if (points.size() >= kMaxPoints) {
    size_t k = 0;
    for (size_t i = 0; i < points.size(); i += 2) points[k++] = points[i];
    points.resize(k);
    stride *= 2;
  }
}

struct MetricExtractor::Impl {
  std::vector<std::pair<std::string, std::unique_ptr<RE2>>> defs;
  bool builtin = true;
};

MetricExtractor::MetricExtractor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MetricExtractor::MetricExtractor(MetricExtractor&&) noexcept = default;
MetricExtractor& MetricExtractor::operator=(MetricExtractor&&) noexcept = default;
MetricExtractor::~MetricExtractor() = default;

Result<MetricExtractor> MetricExtractor::Create(const std::vector<job::MetricDefinition>& defs, bool builtin) {
  auto impl = std::make_unique<Impl>();
  impl->builtin = builtin;
  RE2::Options opt;
  opt.set_log_errors(false);
  for (const auto& d : defs) {
    auto re = std::make_unique<RE2>(d.regex, opt);
    if (!re->ok()) return Status::Input("metric definition '" + d.name + "': invalid regex: " + re->error());
    if (re->NumberOfCapturingGroups() < 1)
      return Status::Input("metric definition '" + d.name + "': regex has no capture group for the value");
    impl->defs.emplace_back(d.name, std::move(re));
  }
  return MetricExtractor(std::move(impl));
}

// "[N]#011train-auc:0.9#011validation-auc:0.8": every "<eval>-<metric>:<value>" field.
void MetricExtractor::AddBuiltin(std::string_view cw, int64_t step) {
  size_t pos = cw.find(']') + 1;
  bool any = false;
  while (pos < cw.size()) {
    size_t next = cw.find("#011", pos);
    std::string_view field = cw.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
    pos = next == std::string_view::npos ? cw.size() : next + 4;
    size_t dash = field.find('-'), colon = field.rfind(':');
    if (dash == std::string_view::npos || colon == std::string_view::npos || dash == 0 || colon < dash + 2) continue;
    std::string name = std::string(field.substr(0, dash)) + ":" + std::string(field.substr(dash + 1, colon - dash - 1));
    bool defined = false;
    for (const auto& d : impl_->defs) defined |= d.first == name;
    if (defined) continue;
    double v = 0;
    if (!ParseMetricNumber(std::string(field.substr(colon + 1)), &v)) {
      ++metrics_.unparsed;
      continue;
    }
    Series& s = metrics_.series[name];
    s.name = name;
    s.source = "builtin";
    s.Add(step, v);
    any = true;
  }
  if (any && step > metrics_.last_round) metrics_.last_round = step;
}

void MetricExtractor::AddLine(std::string_view raw) {
  static const RE2 kStop(R"((?i)(Stopping\. Best iteration|early stopping|Early stopping, best iteration is))");
  static const RE2 kWill(R"(Will train until \S+ hasn't improved in (\d+) rounds)");
  ++metrics_.lines;
  if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
  std::string cw = raw.find('\t') != std::string_view::npos ? Replace(raw, "\t", "#011") : std::string(raw);
  std::string tabbed;  // built lazily
  int64_t step = LeadingStep(raw);
  EarlyStopping& es = metrics_.early_stopping;
  if (step >= 0 && es.seen && es.best_iteration < 0 && step <= metrics_.last_round) {
    // XGBoost repeats the best round after "Stopping. Best iteration:": not a new point.
    es.best_iteration = step;
    return;
  }
  for (auto& [name, re] : impl_->defs) {
    std::string cap;
    bool hit = RE2::PartialMatch(cw, *re, &cap);
    if (!hit && cw.find("#011") != std::string::npos) {
      if (tabbed.empty()) tabbed = Replace(cw, "#011", "\t");
      hit = RE2::PartialMatch(tabbed, *re, &cap);
    }
    if (!hit) continue;
    double v = 0;
    if (!ParseMetricNumber(cap, &v)) {
      ++metrics_.unparsed;
      continue;
    }
    Series& s = metrics_.series[name];
    s.name = name;
    int64_t& n = counts_[name];
    s.Add(step >= 0 ? step : n, v);
    ++n;
    if (step > metrics_.last_round) metrics_.last_round = step;
  }
  if (impl_->builtin && step >= 0 && cw.find("#011") != std::string::npos) AddBuiltin(cw, step);
  if (step < 0) {
    int64_t patience = 0;
    if (RE2::PartialMatch(cw, kWill, &patience)) es.patience = patience;
    if (RE2::PartialMatch(cw, kStop)) {
      es.seen = true;
      es.line = cw.substr(0, 300);
    }
  }
}

Status MetricExtractor::AddFile(const std::string& path) {
  job::LogReadStats st;
  MG_RETURN_IF_ERROR(job::ReadLogFile(path, [this](std::string_view, std::string_view line) {
    AddLine(line);
    return true;
  }, &st));
  metrics_.skipped += st.skipped;
  if (!st.warning.empty()) metrics_.warnings.push_back(st.warning);
  return Status::Ok();
}

Result<std::map<std::string, Series>> ParseMetricsJson(const std::string& text, const std::string& src) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return Status::Input(src + ": expected a JSON object of metrics");
  if (doc.contains("metrics") && doc["metrics"].is_object()) doc = doc["metrics"];
  std::map<std::string, Series> out;
  auto num = [](const nlohmann::json& v, double* d) {
    if (v.is_number()) *d = v.get<double>();
    else if (v.is_string()) return ParseMetricNumber(v.get<std::string>(), d);
    else if (v.is_null()) *d = std::nan("");
    else return false;
    return true;
  };
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    Series s;
    s.name = it.key();
    s.source = "metrics.json";
    const auto& v = it.value();
    double d = 0;
    if (num(v, &d)) {
      s.Add(0, d);
    } else if (v.is_array()) {
      for (size_t i = 0; i < v.size(); ++i) {
        const auto& e = v[i];
        if (num(e, &d)) {
          s.Add(static_cast<int64_t>(i), d);
        } else if (e.is_object() && e.contains("value") && num(e["value"], &d)) {
          int64_t step = static_cast<int64_t>(i);
          for (const char* k : {"step", "epoch", "iteration", "round"})
            if (e.contains(k) && e[k].is_number_integer()) step = e[k].get<int64_t>();
          s.Add(step, d);
        } else {
          return Status::Input(src + ": " + it.key() + "[" + std::to_string(i) +
                               "] must be a number or {\"step\": N, \"value\": X}");
        }
      }
    } else if (v.is_object() && v.contains("value") && num(v["value"], &d)) {
      s.Add(0, d);
    } else {
      continue;  // other keys (run metadata) are not metrics
    }
    if (s.count) out[it.key()] = std::move(s);
  }
  return out;
}

Result<std::vector<job::MetricDefinition>> LoadMetricDefinitions(const std::string& path) {
  MG_ASSIGN_OR_RETURN(std::string text, ReadFile(path, 4 << 20));
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status::Input(path + ":" + std::to_string(e.mark.line + 1) + ": not valid JSON or YAML: " + e.msg);
  }
  if (doc.IsMap() && doc["MetricDefinitions"]) doc = doc["MetricDefinitions"];
  if (!doc.IsSequence())
    return Status::Input(path + ": expected a list of {\"Name\": ..., \"Regex\": ...} (SageMaker MetricDefinitions)");
  std::vector<job::MetricDefinition> out;
  for (size_t i = 0; i < doc.size(); ++i) {
    const YAML::Node& n = doc[i];
    std::string w = path + ": definition " + std::to_string(i + 1);
    if (!n.IsMap() || !n["Name"] || !n["Regex"] || !n["Name"].IsScalar() || !n["Regex"].IsScalar())
      return Status::Input(w + ": needs string fields Name and Regex");
    out.push_back({n["Name"].Scalar(), n["Regex"].Scalar()});
  }
  return out;
}

}  // namespace mg::logs
