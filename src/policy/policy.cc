// Parsing the policy YAML: every error names file:line:column.
#include "policy/policy.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "core/env.h"

namespace mg::policy {
namespace {

std::string Num(double v) { return fmt::format("{:g}", v); }

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// Parsing context: the source name for messages.
struct Parser {
  std::string src;
  mutable std::map<std::string, double> interval_levels;  // metric -> level of the rules seen so far

  std::string At(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    if (m.line < 0) return src;
    return fmt::format("{}:{}:{}", src, m.line + 1, m.column + 1);
  }
  Status Err(const YAML::Node& n, const std::string& msg) const { return Status::Input(At(n) + ": " + msg); }

  Result<double> Number(const YAML::Node& n, const std::string& what) const {
    if (!n.IsScalar()) return Err(n, what + " must be a number");
    double v = 0;
    if (!YAML::convert<double>::decode(n, v) || !std::isfinite(v))
      return Err(n, what + " must be a finite number, got '" + n.Scalar() + "'");
    return v;
  }

  Result<size_t> Count(const YAML::Node& n, const std::string& what) const {
    MG_ASSIGN_OR_RETURN(double v, Number(n, what));
    if (v < 0 || v != std::floor(v) || v > 1e15) return Err(n, what + " must be a whole number ≥ 0, got '" + n.Scalar() + "'");
    return static_cast<size_t>(v);
  }

  Result<std::string> Word(const YAML::Node& n, const std::string& what, const std::vector<std::string>& allowed) const {
    if (!n.IsScalar() || std::find(allowed.begin(), allowed.end(), n.Scalar()) == allowed.end())
      return Err(n, what + " must be one of " + Join(allowed) + (n.IsScalar() ? ", got '" + n.Scalar() + "'" : ""));
    return n.Scalar();
  }

  Result<Level> ParseLevel(const YAML::Node& n, const std::string& what, bool allow_off) const {
    std::vector<std::string> allowed = {"fail", "warn"};
    if (allow_off) allowed.push_back("off");
    MG_ASSIGN_OR_RETURN(std::string w, Word(n, what, allowed));
    return w == "fail" ? Level::kFail : w == "warn" ? Level::kWarn : Level::kOff;
  }

  // Iterates a mapping, refusing keys outside `allowed` and keys given twice.
  template <typename F>
  Status ForEachKey(const YAML::Node& map, const std::string& what, const std::vector<std::string>& allowed, F&& f) const {
    if (!map.IsMap()) return Err(map, what + " must be a mapping");
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) return Err(it->first, "a key in " + what + " must be a plain name");
      const std::string key = it->first.Scalar();
      if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        return Err(it->first, "unknown key '" + key + "' in " + what + " (expected " + Join(allowed) + ")");
      if (!seen.insert(key).second) return Err(it->first, "'" + key + "' is given twice in " + what);
      MG_RETURN_IF_ERROR(f(key, it->first, it->second));
    }
    return Status::Ok();
  }

  Result<Rule> ParseRule(const std::string& metric, const YAML::Node& spec, bool in_slice) const {
    Rule r;
    r.metric = metric;
    if (!spec.IsMap())
      return Err(spec, "a rule for '" + metric + "' must be a mapping like {min: 0.9} (or a list of them)");
    std::vector<std::string> keys = {"min", "max", "gt", "lt", "on", "confidence", "level"};
    if (!in_slice) keys.insert(keys.end(), {"max_drop", "max_relative_drop"});
    std::optional<YAML::Node> on_node, conf_node;  // where `on` / `confidence` were given, for messages
    MG_RETURN_IF_ERROR(ForEachKey(spec, "the rule for '" + metric + "'", keys,
                                  [&](const std::string& key, const YAML::Node& k, const YAML::Node& v) -> Status {
      if (key == "on") {
        MG_ASSIGN_OR_RETURN(std::string w, Word(v, metric + ".on", {"value", "lower", "upper"}));
        r.on = w == "lower" ? Bound::kLower : w == "upper" ? Bound::kUpper : Bound::kValue;
        on_node.emplace(k);
        return Status::Ok();
      }
      if (key == "level") {
        MG_ASSIGN_OR_RETURN(r.level, ParseLevel(v, metric + ".level", false));
        return Status::Ok();
      }
      MG_ASSIGN_OR_RETURN(double x, Number(v, metric + "." + key));
      if (key == "confidence") {
        if (!(x > 0 && x < 1)) return Err(v, metric + ".confidence must be between 0 and 1 (e.g. 0.95)");
        r.confidence = x;
        conf_node.emplace(k);
      } else if (key == "max_drop" || key == "max_relative_drop") {
        if (x < 0) return Err(v, metric + "." + key + " must be ≥ 0 (a drop is counted positive)");
        (key == "max_drop" ? r.max_drop : r.max_relative_drop) = x;
      } else {
        (key == "min" ? r.threshold.min : key == "max" ? r.threshold.max : key == "gt" ? r.threshold.gt : r.threshold.lt) = x;
      }
      return Status::Ok();
    }));
    if (r.on != Bound::kValue && r.threshold.empty())
      return Err(*on_node, "'on' applies to min, max, gt or lt; the rule for '" + metric + "' has none");
    if (conf_node && r.on == Bound::kValue)
      return Err(*conf_node, "'confidence' needs 'on: lower' or 'on: upper' in the rule for '" + metric + "'");
    // One interval per metric: rules judging its bounds at two levels would need two intervals.
    if (r.on != Bound::kValue) {
      auto [it, fresh] = interval_levels.emplace(metric, r.confidence);
      if (!fresh && it->second != r.confidence)
        return Err(spec, fmt::format("the rules on {}'s confidence interval ask for two levels ({:g} and {:g}); use one",
                                     metric, it->second, r.confidence));
    }
    const Threshold& t = r.threshold;
    double lo = std::max(t.min.value_or(-INFINITY), t.gt.value_or(-INFINITY));
    double hi = std::min(t.max.value_or(INFINITY), t.lt.value_or(INFINITY));
    bool strict = (t.gt && *t.gt >= lo) || (t.lt && *t.lt <= hi);
    if (lo > hi || (lo == hi && strict))
      return Err(spec, "no value can satisfy the bounds for '" + metric + "' (" + t.Describe() + ")");
    return r;
  }

  // `metric: {rule}` or `metric: [{rule}, ...]` for every metric of a mapping.
  Status ParseRules(const YAML::Node& map, const std::string& what, const std::vector<std::string>& known,
                    bool in_slice, std::vector<Rule>& out) const {
    return ForEachKey(map, what, {}, [&](const std::string& name, const YAML::Node& k, const YAML::Node& v) -> Status {
      if (std::find(known.begin(), known.end(), name) == known.end())
        return Err(k, "unknown metric '" + name + "' (known: " + Join(known) + ")");
      if (v.IsSequence()) {
        if (v.size() == 0) return Err(v, "the rules for '" + name + "' are an empty list");
        for (const auto& item : v) {
          MG_ASSIGN_OR_RETURN(Rule r, ParseRule(name, item, in_slice));
          out.push_back(std::move(r));
        }
        return Status::Ok();
      }
      MG_ASSIGN_OR_RETURN(Rule r, ParseRule(name, v, in_slice));
      out.push_back(std::move(r));
      return Status::Ok();
    });
  }

  Result<SliceSpec> ParseSlice(const YAML::Node& n, const std::vector<std::string>& known) const {
    SliceSpec s;
    bool has_thresholds = false;
    MG_RETURN_IF_ERROR(ForEachKey(n, "a slice", {"column", "min_size", "thresholds"},
                                  [&](const std::string& key, const YAML::Node&, const YAML::Node& v) -> Status {
      if (key == "column") {
        if (!v.IsScalar() || v.Scalar().empty()) return Err(v, "slices.column must be a column name");
        s.column = v.Scalar();
      } else if (key == "min_size") {
        MG_ASSIGN_OR_RETURN(s.min_size, Count(v, "slices.min_size"));
      } else {
        has_thresholds = true;
        MG_RETURN_IF_ERROR(ParseRules(v, "slices.thresholds", known, true, s.rules));
      }
      return Status::Ok();
    }));
    if (s.column.empty()) return Err(n, "a slice needs 'column' (the eval data column to slice by)");
    if (!has_thresholds || s.rules.empty()) return Err(n, "a slice needs 'thresholds' (metric rules for each slice)");
    return s;
  }

  Status ParseStages(const YAML::Node& n, StageSpec& st) const {
    static const std::vector<std::string> kStages = {"job_completed", "artifact_safe", "model_loads", "logs_consistent",
                                                     "min_samples"};
    return ForEachKey(n, "stages", kStages, [&](const std::string& stage, const YAML::Node&, const YAML::Node& v) -> Status {
      Level level = Level::kFail;
      if (v.IsScalar()) {
        MG_ASSIGN_OR_RETURN(level, ParseLevel(v, "stages." + stage, true));
        if (stage == "min_samples" && level != Level::kOff)
          return Err(v, "stages.min_samples needs a mapping like {total: 200, per_class: 50}");
      } else {
        std::vector<std::string> keys = {"level"};
        if (stage == "logs_consistent") keys.push_back("max_diff");
        if (stage == "min_samples") keys.insert(keys.end(), {"total", "per_class"});
        MG_RETURN_IF_ERROR(ForEachKey(v, "stages." + stage, keys,
                                      [&](const std::string& key, const YAML::Node&, const YAML::Node& x) -> Status {
          const std::string what = "stages." + stage + "." + key;
          if (key == "level") {
            MG_ASSIGN_OR_RETURN(level, ParseLevel(x, what, true));
          } else if (key == "max_diff") {
            MG_ASSIGN_OR_RETURN(st.logs_max_diff, Number(x, what));
            if (st.logs_max_diff < 0) return Err(x, what + " must be ≥ 0");
          } else if (key == "total") {
            MG_ASSIGN_OR_RETURN(st.min_total, Count(x, what));
          } else {
            MG_ASSIGN_OR_RETURN(st.min_per_class, Count(x, what));
          }
          return Status::Ok();
        }));
      }
      Level& slot = stage == "job_completed"   ? st.job_completed
                    : stage == "artifact_safe" ? st.artifact_safe
                    : stage == "model_loads"   ? st.model_loads
                    : stage == "logs_consistent" ? st.logs_consistent
                                                 : st.min_samples;
      slot = level;
      return Status::Ok();
    });
  }

  Result<Policy> Parse(const std::string& text, const std::vector<std::string>& known) const {
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
    if (!root.IsMap()) return Err(root, "a policy is a mapping (metrics, slices, stages, on_pass)");
    static const std::vector<std::string> kTop = {"version", "on_pass", "stages", "metrics", "slices"};
    bool structured = false;
    for (auto it = root.begin(); it != root.end(); ++it)
      if (it->first.IsScalar() && std::find(kTop.begin(), kTop.end(), it->first.Scalar()) != kTop.end()) structured = true;
    if (!structured) {  // legacy: the thresholds at the top level
      MG_RETURN_IF_ERROR(ParseRules(root, "the policy", known, false, p.rules));
      return p;
    }
    MG_RETURN_IF_ERROR(ForEachKey(root, "the policy", kTop, [&](const std::string& key, const YAML::Node&, const YAML::Node& v) -> Status {
      if (key == "version") {
        MG_ASSIGN_OR_RETURN(double ver, Number(v, "version"));
        if (ver != 1) return Err(v, "version must be 1");
      } else if (key == "on_pass") {
        MG_ASSIGN_OR_RETURN(p.on_pass, Word(v, "on_pass", {"PendingManualApproval", "Approved"}));
      } else if (key == "stages") {
        MG_RETURN_IF_ERROR(ParseStages(v, p.stages));
      } else if (key == "metrics") {
        MG_RETURN_IF_ERROR(ParseRules(v, "metrics", known, false, p.rules));
      } else if (v.IsSequence()) {
        for (const auto& s : v) {
          MG_ASSIGN_OR_RETURN(SliceSpec spec, ParseSlice(s, known));
          p.slices.push_back(std::move(spec));
        }
      } else {
        MG_ASSIGN_OR_RETURN(SliceSpec spec, ParseSlice(v, known));
        p.slices.push_back(std::move(spec));
      }
      return Status::Ok();
    }));
    return p;
  }
};

}  // namespace

const char* LevelName(Level l) { return l == Level::kFail ? "fail" : l == Level::kWarn ? "warn" : "off"; }
const char* BoundName(Bound b) { return b == Bound::kValue ? "value" : b == Bound::kLower ? "lower" : "upper"; }
const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return "passed";
    case Outcome::kFailed: return "failed";
    case Outcome::kWarned: return "warned";
    case Outcome::kSkipped: return "skipped";
  }
  return "failed";
}

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

std::map<std::string, double> Policy::IntervalsNeeded() const {
  std::map<std::string, double> out;
  auto add = [&](const Rule& r) {
    if (r.on != Bound::kValue) out.emplace(r.metric, r.confidence);
  };
  for (const Rule& r : rules) add(r);
  for (const SliceSpec& s : slices)
    for (const Rule& r : s.rules) add(r);
  return out;
}

std::vector<std::string> Policy::SliceColumns() const {
  std::vector<std::string> out;
  for (const SliceSpec& s : slices)
    if (std::find(out.begin(), out.end(), s.column) == out.end()) out.push_back(s.column);
  return out;
}

Result<Policy> ParsePolicy(const std::string& text, const std::string& src, const std::vector<std::string>& known) {
  Parser parser;
  parser.src = src;
  try {
    return parser.Parse(text, known);
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
  for (const auto& n : names) {
    Rule r;
    r.metric = n;
    p.rules.push_back(std::move(r));
  }
  return p;
}

}  // namespace mg::policy
