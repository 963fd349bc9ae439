#include "job/diagnosis.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>

#include "core/env.h"
#include "job/traceback.h"

namespace mg::job {

extern const char* const kBuiltinRulesYaml;

struct RuleSet::Impl {
  std::vector<Rule> rules;
  std::vector<std::shared_ptr<const RE2>> res;  // parallel to rules; shared so Merge is cheap
};

RuleSet::RuleSet() : impl_(std::make_unique<Impl>()) {}
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;
RuleSet::~RuleSet() = default;
const std::vector<Rule>& RuleSet::rules() const { return impl_->rules; }

namespace {

std::string At(const std::string& src, const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  if (m.line < 0) return src;
  return src + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

Result<std::string> Field(const std::string& src, const YAML::Node& rule, const char* name, bool required) {
  YAML::Node n = rule[name];
  if (!n || n.IsNull()) {
    if (required) return Status::Input(At(src, rule) + ": rule needs '" + name + "'");
    return std::string();
  }
  if (!n.IsScalar()) return Status::Input(At(src, n) + ": '" + name + "' must be a string");
  return n.Scalar();
}

bool ValidName(const std::string& s) {
  if (s.empty() || s.size() > 80) return false;
  for (char c : s)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_' ||
          c == '-' || c == '.'))
      return false;
  return true;
}

Result<RuleSet> ParseRules(const std::string& text, const std::string& src, bool builtin) {
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status::Input(src + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                         ": not valid YAML: " + e.msg);
  }
  if (!doc.IsMap() || !doc["rules"] || !doc["rules"].IsSequence())
    return Status::Input(src + ": expected a mapping with a list 'rules:' of {id, category, pattern, advice}");
  RuleSet set;
  RuleSet::Impl& impl = const_cast<RuleSet::Impl&>(set.impl());
  std::set<std::string> ids;
  RE2::Options opt;
  opt.set_log_errors(false);
  try {
    for (const YAML::Node& n : doc["rules"]) {
      if (!n.IsMap()) return Status::Input(At(src, n) + ": each rule must be a mapping");
      for (auto it = n.begin(); it != n.end(); ++it) {
        std::string k = it->first.Scalar();
        if (k != "id" && k != "category" && k != "pattern" && k != "advice" && k != "where" && k != "completed")
          return Status::Input(At(src, it->first) + ": unknown rule field '" + k +
                               "' (known: id, category, pattern, advice, where, completed)");
      }
      Rule r;
      MG_ASSIGN_OR_RETURN(r.id, Field(src, n, "id", true));
      MG_ASSIGN_OR_RETURN(r.category, Field(src, n, "category", true));
      MG_ASSIGN_OR_RETURN(r.pattern, Field(src, n, "pattern", true));
      MG_ASSIGN_OR_RETURN(r.advice, Field(src, n, "advice", true));
      MG_ASSIGN_OR_RETURN(std::string where, Field(src, n, "where", false));
      if (!ValidName(r.id)) return Status::Input(At(src, n["id"]) + ": rule id '" + r.id + "' must be [a-z0-9_.-]+");
      if (!ValidName(r.category))
        return Status::Input(At(src, n["category"]) + ": category '" + r.category + "' must be [a-z0-9_.-]+");
      if (!ids.insert(r.id).second) return Status::Input(At(src, n["id"]) + ": duplicate rule id '" + r.id + "'");
      if (!where.empty()) {
        if (where != "any" && where != "reason" && where != "log")
          return Status::Input(At(src, n["where"]) + ": where must be any, reason or log, got '" + where + "'");
        r.where = where;
      }
      if (n["completed"]) {
        bool b = false;
        if (!YAML::convert<bool>::decode(n["completed"], b))
          return Status::Input(At(src, n["completed"]) + ": completed must be true or false");
        r.completed = b;
      }
      auto re = std::make_shared<RE2>(r.pattern, opt);
      if (!re->ok())
        return Status::Input(At(src, n["pattern"]) + ": rule '" + r.id + "': invalid RE2 pattern: " + re->error());
      r.origin = builtin ? "builtin" : At(src, n);
      impl.rules.push_back(std::move(r));
      impl.res.push_back(std::move(re));
    }
  } catch (const YAML::Exception& e) {
    return Status::Input(src + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return set;
}

struct Text {
  std::string where;
  std::string line;
};

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t nl = s.find('\n', pos);
    std::string l = s.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.pop_back();
    if (!l.empty()) out.push_back(l);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return out;
}

std::vector<Text> ReasonTexts(const JobRecord& j, const DiagnosisInput& in) {
  std::vector<Text> t;
  for (auto& l : SplitLines(j.failure_reason)) t.push_back({"FailureReason", l});
  for (auto& l : SplitLines(in.failure_file)) t.push_back({"failure file", l});
  if (!j.secondary_status.empty()) t.push_back({"SecondaryStatus", "SecondaryStatus: " + j.secondary_status});
  if (j.status != JobStatus::kCompleted)
    for (const auto& tr : j.transitions)
      if (!tr.message.empty()) t.push_back({"SecondaryStatus", tr.status + ": " + tr.message});
  return t;
}

std::vector<Text> LogTexts(const DiagnosisInput& in) {
  std::vector<Text> t;
  for (const auto& l : in.log_tail) t.push_back({"log", StripMpiPrefix(l)});
  return t;
}

std::string Clip(const std::string& s, size_t n = 400) { return s.size() <= n ? s : s.substr(0, n) + "..."; }

// Applies rules (filtered by `want`) to texts; findings in rule order, one per rule.
template <typename Want>
std::vector<Finding> Match(const RuleSet& rules, const std::vector<Text>& texts, bool reason_pass, Want want) {
  std::vector<Finding> out;
  const auto& impl = rules.impl();
  for (size_t i = 0; i < impl.rules.size(); ++i) {
    const Rule& r = impl.rules[i];
    if (!want(r)) continue;
    if (reason_pass ? r.where == "log" : r.where == "reason") continue;
    for (const auto& t : texts) {
      if (RE2::PartialMatch(t.line, *impl.res[i])) {
        out.push_back({r.id, r.category, r.advice, t.where, Clip(t.line)});
        break;
      }
    }
  }
  return out;
}

// From the first error-looking line of the tail to its end (the last max_lines of those), or the
// tail's last 10 lines when nothing looks like an error.
std::vector<std::string> LinesThatMatter(const DiagnosisInput& in, size_t max_lines) {
  static const RE2 kErrorish(
      R"((?i)(traceback|error|exception|fatal|killed|failed|failure|exit code|errno|denied|cannot|can't|unable to))");
  const auto& t = in.log_tail;
  size_t start = t.size() > 10 ? t.size() - 10 : 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (RE2::PartialMatch(t[i], kErrorish)) {
      start = i;
      break;
    }
  }
  if (t.size() - start > max_lines) start = t.size() - max_lines;
  std::vector<std::string> out;
  for (size_t i = start; i < t.size(); ++i) out.push_back(Clip(t[i]));
  return out;
}

void AddTraceback(const JobRecord& j, const DiagnosisInput& in, Diagnosis* d) {
  // The reason's traceback (the container's failure file) is the authoritative one.
  Traceback tb = ParseTraceback(SplitLines(j.failure_reason));
  if (!tb.found) tb = ParseTraceback(SplitLines(in.failure_file));
  if (!tb.found) tb = ParseTraceback(in.log_tail);
  if (!tb.found) return;
  d->exception = tb.exception;
  d->user_frame = tb.user_frame;
}

}  // namespace

Result<RuleSet> RuleSet::Parse(const std::string& yaml_text, const std::string& source) {
  return ParseRules(yaml_text, source, false);
}

const RuleSet& RuleSet::Builtin() {
  static const RuleSet* kRules = [] {
    auto r = ParseRules(kBuiltinRulesYaml, "builtin rules.yaml", true);
    if (!r.ok()) std::abort();  // a broken built-in table is a build defect (diagnosis_test catches it)
    return new RuleSet(std::move(r).value());
  }();
  return *kRules;
}

RuleSet RuleSet::Merge(const RuleSet& overrides, const RuleSet& base) {
  RuleSet out;
  Impl& o = *out.impl_;
  std::map<std::string, size_t> over;
  for (size_t i = 0; i < overrides.impl_->rules.size(); ++i) over[overrides.impl_->rules[i].id] = i;
  std::set<std::string> used;
  for (size_t i = 0; i < overrides.impl_->rules.size(); ++i) {
    bool replaces = false;
    for (const auto& b : base.impl_->rules) replaces |= b.id == overrides.impl_->rules[i].id;
    if (replaces) continue;
    o.rules.push_back(overrides.impl_->rules[i]);
    o.res.push_back(overrides.impl_->res[i]);
  }
  for (size_t i = 0; i < base.impl_->rules.size(); ++i) {
    auto it = over.find(base.impl_->rules[i].id);
    const Impl& src = it == over.end() ? *base.impl_ : *overrides.impl_;
    size_t k = it == over.end() ? i : it->second;
    o.rules.push_back(src.rules[k]);
    o.res.push_back(src.res[k]);
  }
  return out;
}

Result<RuleSet> LoadRules(const std::string& path) {
  if (path.empty()) return RuleSet::Merge(RuleSet(), RuleSet::Builtin());
  MG_ASSIGN_OR_RETURN(std::string text, ReadFile(path, 4 << 20));
  MG_ASSIGN_OR_RETURN(RuleSet user, RuleSet::Parse(text, path));
  return RuleSet::Merge(user, RuleSet::Builtin());
}

Diagnosis Diagnose(const JobRecord& j, const DiagnosisInput& in, const RuleSet& rules) {
  static const RE2 kKind(R"(^([A-Z][A-Za-z]*Error|CapacityError|ClientError)\b)");
  Diagnosis d;
  RE2::PartialMatch(j.failure_reason, kKind, &d.reason_kind);
  auto all = [](const Rule&) { return true; };
  d.findings = Match(rules, ReasonTexts(j, in), true, all);
  std::vector<Finding> logf = Match(rules, LogTexts(in), false, all);
  std::set<std::string> seen;
  for (const auto& f : d.findings) seen.insert(f.rule_id);
  for (auto& f : logf)
    if (seen.insert(f.rule_id).second) d.findings.push_back(std::move(f));
  if (!d.findings.empty()) d.category = d.findings.front().category;
  AddTraceback(j, in, &d);
  std::vector<std::string> reason = SplitLines(j.failure_reason);
  if (!reason.empty()) d.summary = Clip(reason.size() == 1 ? reason[0] : reason.front() + " ... " + reason.back(), 600);
  else if (!d.exception.empty()) d.summary = d.exception;
  else if (!d.findings.empty()) d.summary = d.findings.front().evidence;
  else d.summary = "no FailureReason given";
  d.lines = LinesThatMatter(in, 15);
  return d;
}

Diagnosis CheckCompleted(const JobRecord& j, const DiagnosisInput& in, const RuleSet& rules, long last_round,
                         bool early_stopped) {
  Diagnosis d;
  d.category = "none";
  d.findings = Match(rules, LogTexts(in), false, [](const Rule& r) { return r.completed; });
  auto it = j.hyperparameters.find("num_round");
  if (last_round >= 0 && !early_stopped && it != j.hyperparameters.end()) {
    char* end = nullptr;
    long n = std::strtol(it->second.c_str(), &end, 10);
    if (end && *end == '\0' && n > 0 && last_round < n - 1) {
      d.findings.push_back({"truncated-training", "incomplete_training",
                            "The logs stop before the last boosting round and show no early stopping: the job may have "
                            "crashed or been cut short after training started. Check the end of the log and the artifact "
                            "before trusting this model.",
                            "log", "last round in the logs is [" + std::to_string(last_round) + "], num_round is " +
                                       it->second});
    }
  }
  if (!d.findings.empty()) {
    d.category = d.findings.front().category;
    d.summary = "status is Completed, but " + d.findings.front().evidence;
    AddTraceback(j, in, &d);
    d.lines = LinesThatMatter(in, 15);
  }
  return d;
}

}  // namespace mg::job
