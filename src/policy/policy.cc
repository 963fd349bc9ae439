#include "policy/policy.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/env.h"

namespace mg::policy {
namespace {

std::string At(const std::string& src, const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  if (m.line < 0) return src;
  return fmt::format("{}:{}:{}", src, m.line + 1, m.column + 1);
}

std::string Num(double v) { return fmt::format("{:g}", v); }

Result<double> Number(const std::string& src, const YAML::Node& n, const std::string& what) {
  if (!n.IsScalar()) return Status::Input(At(src, n) + ": " + what + " must be a number");
  double v = 0;
  if (!YAML::convert<double>::decode(n, v) || !std::isfinite(v))
    return Status::Input(At(src, n) + ": " + what + " must be a finite number, got '" + n.Scalar() + "'");
  return v;
}

Result<Rule> ParseRule(const std::string& src, const std::string& metric, const YAML::Node& spec) {
  Rule r;
  r.metric = metric;
  if (!spec.IsMap())
    return Status::Input(At(src, spec) + ": threshold for '" + metric + "' must be a mapping like {min: 0.9}");
  for (auto it = spec.begin(); it != spec.end(); ++it) {
    std::string key = it->first.as<std::string>();
    std::optional<double>* slot = key == "min" ? &r.threshold.min
                                  : key == "max" ? &r.threshold.max
                                  : key == "gt"  ? &r.threshold.gt
                                  : key == "lt"  ? &r.threshold.lt
                                                 : nullptr;
    if (slot == nullptr)
      return Status::Input(At(src, it->first) + ": unknown key '" + key + "' for '" + metric +
                           "' (expected min, max, gt or lt)");
    MG_ASSIGN_OR_RETURN(double v, Number(src, it->second, metric + "." + key));
    *slot = v;
  }
  const Threshold& t = r.threshold;
  double lo = std::max(t.min.value_or(-INFINITY), t.gt.value_or(-INFINITY));
  double hi = std::min(t.max.value_or(INFINITY), t.lt.value_or(INFINITY));
  bool strict = (t.gt && *t.gt >= lo) || (t.lt && *t.lt <= hi);
  if (lo > hi || (lo == hi && strict))
    return Status::Input(At(src, spec) + ": no value can satisfy the bounds for '" + metric + "' (" +
                         t.Describe() + ")");
  return r;
}

}  // namespace

static Result<Policy> ParsePolicyUnchecked(const std::string& text, const std::string& src,
                                           const std::vector<std::string>& known);

std::string Threshold::Describe() const {
  std::vector<std::string> parts;
  if (gt) parts.push_back("> " + Num(*gt));
  if (min) parts.push_back("≥ " + Num(*min));
  if (lt) parts.push_back("< " + Num(*lt));
  if (max) parts.push_back("≤ " + Num(*max));
  if (parts.empty()) return "present";
  std::string s = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) s += " and " + parts[i];
  return s;
}

bool Threshold::Holds(double v) const {
  if (std::isnan(v)) return false;
  if (min && !(v >= *min)) return false;
  if (max && !(v <= *max)) return false;
  if (gt && !(v > *gt)) return false;
  if (lt && !(v < *lt)) return false;
  return true;
}

static Result<Policy> ParsePolicyUnchecked(const std::string& text, const std::string& src,
                                           const std::vector<std::string>& known) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status::Input(fmt::format("{}:{}:{}: invalid YAML: {}", src, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  Policy p;
  p.source = src;
  p.text = text;
  if (!root || root.IsNull()) return Status::Input(src + ": empty policy (expected metric thresholds)");
  if (!root.IsMap()) return Status::Input(At(src, root) + ": a policy is a mapping of metric names to thresholds");
  YAML::Node thresholds = root;
  if (root["metrics"]) {
    for (auto it = root.begin(); it != root.end(); ++it) {
      std::string key = it->first.as<std::string>();
      if (key != "metrics") return Status::Input(At(src, it->first) + ": unknown key '" + key + "' (expected metrics)");
    }
    thresholds = root["metrics"];
    if (!thresholds.IsMap()) return Status::Input(At(src, thresholds) + ": metrics must be a mapping");
  }
  for (auto it = thresholds.begin(); it != thresholds.end(); ++it) {
    std::string name = it->first.as<std::string>();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return Status::Input(At(src, it->first) + ": unknown metric '" + name + "' (known: " + list + ")");
    }
    for (const Rule& r : p.rules)
      if (r.metric == name) return Status::Input(At(src, it->first) + ": metric '" + name + "' is given twice");
    MG_ASSIGN_OR_RETURN(Rule r, ParseRule(src, name, it->second));
    p.rules.push_back(std::move(r));
  }
  return p;
}

Result<Policy> ParsePolicy(const std::string& text, const std::string& src, const std::vector<std::string>& known) {
  try {
    return ParsePolicyUnchecked(text, src, known);
  } catch (const YAML::Exception& e) {  // e.g. a key that is not a scalar
    return Status::Input(fmt::format("{}:{}:{}: {}", src, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
}

Result<Policy> LoadPolicy(const std::string& path, const std::vector<std::string>& known) {
  MG_ASSIGN_OR_RETURN(std::string text, ReadFile(path, 1 << 20));
  return ParsePolicy(text, path, known);
}

Policy DefaultPolicy(const std::vector<std::string>& names) {
  Policy p;
  p.source = "default";
  for (const auto& n : names) p.rules.push_back(Rule{n, {}});
  return p;
}

Decision Decide(const Policy& policy, const metrics::MetricSet& m) {
  Decision d;
  d.approved = true;
  for (const Rule& r : policy.rules) {
    Check c;
    c.name = r.metric;
    c.threshold = r.threshold.Describe();
    auto v = m.values.find(r.metric);
    if (v == m.values.end()) {
      auto why = m.undefined.find(r.metric);
      c.reason = why != m.undefined.end() ? why->second : "the evaluation did not produce this metric";
      c.outcome = Outcome::kFailed;
    } else {
      c.value = v->second;
      c.outcome = r.threshold.Holds(v->second) ? Outcome::kPassed : Outcome::kFailed;
      if (c.outcome == Outcome::kFailed) c.reason = Num(v->second) + " is not " + c.threshold;
    }
    if (c.outcome == Outcome::kFailed) d.approved = false;
    d.checks.push_back(std::move(c));
  }
  return d;
}

}  // namespace mg::policy
