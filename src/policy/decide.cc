// Applying a policy to the evidence: one check per rule, the verdict and the next steps.
#include "policy/decide.h"

#include <cmath>

#include <fmt/format.h>

namespace mg::policy {
namespace {

std::string Num(double v) { return fmt::format("{:.4g}", v); }
std::string Pct(double fraction) { return fmt::format("{:g}%", fraction * 100); }
std::string Short(const std::string& sha) { return sha.empty() ? "unknown" : sha.substr(0, 12); }

// A requirement that does not hold: failed on a fail rule, warned on a warn rule.
Outcome NotHeld(Level l) { return l == Level::kWarn ? Outcome::kWarned : Outcome::kFailed; }

std::string BoundQualifier(const Rule& r) {
  if (r.on == Bound::kValue) return "";
  return fmt::format("{:g}% CI {} bound", r.confidence * 100, BoundName(r.on));
}

std::string Qualify(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + ", " + b;
}

class Decider {
 public:
  Decider(const Policy& p, const Evidence& e) : p_(p), e_(e) {}

  Decision Run() {
    Stages();
    for (const Rule& r : p_.rules) {
      if (r.has_bounds_check()) Add(MetricCheck(r, e_.metrics ? &*e_.metrics : nullptr, "metric", ""));
      if (r.has_baseline_check()) Add(BaselineCheck(r));
    }
    for (const SliceSpec& s : p_.slices) Slices(s);
    d_.approved = true;
    for (const Check& c : d_.checks) d_.approved &= c.outcome != Outcome::kFailed;
    d_.status = d_.approved ? p_.on_pass : "Rejected";
    NextSteps();
    return std::move(d_);
  }

 private:
  void Add(Check c) { d_.checks.push_back(std::move(c)); }

  // The metrics were never computed: a failure, unless a failed stage already explains it.
  void NotEvaluated(Check& c) {
    if (stage_failed_) {
      c.outcome = Outcome::kSkipped;
      c.reason = "not evaluated: " + (e_.not_evaluated_reason.empty() ? "an earlier stage failed" : e_.not_evaluated_reason);
    } else {
      c.outcome = NotHeld(c.level);
      c.reason = "the evaluation did not run" + (e_.not_evaluated_reason.empty() ? "" : ": " + e_.not_evaluated_reason);
    }
  }

  Check MetricCheck(const Rule& r, const metrics::MetricSet* m, const std::string& kind, const std::string& where) {
    Check c;
    c.kind = kind;
    c.name = r.metric;
    c.qualifier = Qualify(where, BoundQualifier(r));
    c.level = r.level;
    c.threshold = r.threshold.Describe();
    if (m == nullptr) {
      NotEvaluated(c);
      return c;
    }
    auto v = m->values.find(r.metric);
    if (v == m->values.end()) {
      auto why = m->undefined.find(r.metric);
      c.outcome = NotHeld(r.level);
      c.reason = why != m->undefined.end() ? r.metric + " is undefined: " + why->second
                                          : "the evaluation did not produce " + r.metric;
      return c;
    }
    if (r.on == Bound::kValue) {
      c.value = v->second;
      if (r.threshold.Holds(v->second)) {
        c.outcome = Outcome::kPassed;
      } else {
        c.outcome = NotHeld(r.level);
        c.reason = fmt::format("{} is not {}", Num(v->second), c.threshold);
      }
      return c;
    }
    auto ci = m->ci.find(r.metric);
    if (ci == m->ci.end()) {
      c.outcome = NotHeld(r.level);
      c.reason = fmt::format("no {:g}% confidence interval was computed for {}", r.confidence * 100, r.metric);
      return c;
    }
    const metrics::Interval& iv = ci->second;
    if (std::fabs(iv.level - r.confidence) > 1e-9) {
      c.outcome = NotHeld(r.level);
      c.reason = fmt::format("the interval computed for {} is {:g}%, the rule asks for {:g}%", r.metric, iv.level * 100,
                             r.confidence * 100);
      return c;
    }
    const double bound = r.on == Bound::kLower ? iv.lower : iv.upper;
    c.value = bound;
    if (r.threshold.Holds(bound)) {
      c.outcome = Outcome::kPassed;
      return c;
    }
    c.outcome = NotHeld(r.level);
    c.reason = fmt::format("{:g}% CI [{}, {}]{}: the {} bound {} is not {}", iv.level * 100, Num(iv.lower), Num(iv.upper),
                           iv.method.empty() ? "" : " (" + iv.method + ")", BoundName(r.on), Num(bound), c.threshold);
    if (r.threshold.Holds(v->second))
      c.reason += fmt::format(", although the point value {} is: too little evidence (more eval data narrows the interval)",
                              Num(v->second));
    return c;
  }

  Check BaselineCheck(const Rule& r) {
    Check c;
    c.kind = "baseline";
    c.name = r.metric;
    c.level = r.level;
    const Baseline* b = e_.baseline ? &*e_.baseline : nullptr;
    c.baseline_label = b ? b->label : "";
    c.qualifier = "vs " + (b && !b->label.empty() ? b->label : std::string("baseline"));
    if (r.max_drop) c.threshold = "drop ≤ " + Num(*r.max_drop);
    if (r.max_relative_drop) c.threshold += (c.threshold.empty() ? "" : " and ") + std::string("relative drop ≤ ") + Pct(*r.max_relative_drop);
    if (!e_.metrics) {
      NotEvaluated(c);
      return c;
    }
    auto v = e_.metrics->values.find(r.metric);
    if (v == e_.metrics->values.end()) {
      c.outcome = NotHeld(r.level);
      c.reason = "the evaluation did not produce " + r.metric;
      return c;
    }
    c.value = v->second;
    if (!b) {
      c.outcome = Outcome::kSkipped;
      c.reason = "no approved baseline version yet";
      return c;
    }
    auto bv = b->metrics.find(r.metric);
    if (bv == b->metrics.end()) {
      c.outcome = Outcome::kSkipped;
      c.reason = "baseline " + c.baseline_label + " has no " + r.metric;
      return c;
    }
    c.baseline = bv->second;
    c.delta = v->second - bv->second;
    const bool lower_better = LowerIsBetter(r.metric);
    const double drop = lower_better ? *c.delta : -*c.delta;
    const double tol = 1e-12 * std::max(1.0, std::fabs(bv->second));
    bool holds = true;
    std::string why;
    if (r.max_drop && drop > *r.max_drop + tol) {
      holds = false;
      why = fmt::format("{} {} by {} from {}'s {} (max_drop {})", r.metric, lower_better ? "rose" : "dropped", Num(drop),
                        b->label, Num(bv->second), Num(*r.max_drop));
    }
    if (r.max_relative_drop && drop > 0) {
      if (bv->second == 0) {
        holds = false;
        why += (why.empty() ? "" : "; ") + fmt::format("{}'s {} is 0: a relative drop is undefined", b->label, r.metric);
      } else if (drop / std::fabs(bv->second) > *r.max_relative_drop + 1e-12) {
        holds = false;
        why += (why.empty() ? "" : "; ") + fmt::format("{} {} by {} from {}'s {} (max_relative_drop {})", r.metric,
                                                        lower_better ? "rose" : "dropped", Pct(drop / std::fabs(bv->second)),
                                                        b->label, Num(bv->second), Pct(*r.max_relative_drop));
      }
    }
    const bool same_data = !e_.eval_data_sha256.empty() && b->eval_data_sha256 == e_.eval_data_sha256;
    if (!same_data) {
      c.outcome = Outcome::kWarned;
      c.reason = fmt::format("{} was evaluated on different eval data (sha256 {} vs {}): not comparable, so not gating; {}",
                             b->label, Short(b->eval_data_sha256), Short(e_.eval_data_sha256),
                             holds ? "within the limit anyway" : why);
      return c;
    }
    c.outcome = holds ? Outcome::kPassed : NotHeld(r.level);
    c.reason = holds ? "" : why;
    return c;
  }

  void Slices(const SliceSpec& s) {
    bool any = false;
    for (const SliceResult& sl : e_.slices) {
      if (sl.column != s.column) continue;
      any = true;
      const std::string where = s.column + "=" + sl.value;
      if (sl.metrics.n < s.min_size) {
        Check c;
        c.kind = "slice";
        c.name = "slice size";
        c.qualifier = where;
        c.value = static_cast<double>(sl.metrics.n);
        c.threshold = fmt::format("≥ {} rows", s.min_size);
        c.outcome = Outcome::kSkipped;
        c.reason = fmt::format("only {} rows (min_size {}): too few to judge", sl.metrics.n, s.min_size);
        Add(std::move(c));
        continue;
      }
      for (const Rule& r : s.rules) Add(MetricCheck(r, &sl.metrics, "slice", where));
    }
    if (any) return;
    Check c;
    c.kind = "slice";
    c.name = "slices";
    c.qualifier = s.column;
    c.threshold = "sliced by " + s.column;
    c.level = Level::kWarn;
    for (const Rule& r : s.rules)
      if (r.level == Level::kFail) c.level = Level::kFail;
    if (!e_.metrics) {
      NotEvaluated(c);
    } else {
      c.outcome = NotHeld(c.level);
      c.reason = "the evaluation has no slices by column '" + s.column + "'";
    }
    Add(std::move(c));
  }

  void Stage(const char* name, Level level) {
    if (level == Level::kOff) return;
    Check c;
    c.kind = "stage";
    c.name = name;
    c.level = level;
    const std::string n = name;
    c.threshold = n == "job_completed" ? "Completed" : n == "artifact_safe" ? "safe to load" : "loads";
    auto it = e_.stages.find(name);
    if (it == e_.stages.end()) {
      c.outcome = Outcome::kSkipped;
      c.reason = "not checked in this run";
    } else {
      c.value_text = it->second.value.empty() ? (it->second.ok ? "yes" : "no") : it->second.value;
      c.outcome = it->second.ok ? Outcome::kPassed : NotHeld(level);
      c.reason = it->second.ok ? "" : it->second.reason;
    }
    Add(std::move(c));
  }

  void MinSamples() {
    const StageSpec& st = p_.stages;
    if (st.min_samples == Level::kOff) return;
    Check c;
    c.kind = "stage";
    c.name = "min_samples";
    c.level = st.min_samples;
    c.threshold = fmt::format("≥ {} rows", st.min_total);
    if (st.min_per_class > 0) c.threshold += fmt::format(", ≥ {} per class", st.min_per_class);
    if (!e_.metrics) {
      NotEvaluated(c);
      Add(std::move(c));
      return;
    }
    const metrics::MetricSet& m = *e_.metrics;
    c.value = static_cast<double>(m.n);
    std::string why;
    if (m.n < st.min_total) why = fmt::format("{} rows < {}", m.n, st.min_total);
    if (st.min_per_class > 0) {
      const auto& cm = m.confusion;
      if (cm.labels.empty() || cm.counts.size() != cm.labels.size()) {
        if (m.task != "regression")
          why += (why.empty() ? "" : "; ") + std::string("the class counts are unknown");
      }
      for (size_t i = 0; i < cm.labels.size() && i < cm.counts.size(); ++i) {
        double rows = 0;
        for (double x : cm.counts[i]) rows += x;
        c.value_text += (c.value_text.empty() ? fmt::format("{} rows; ", m.n) : ", ") + fmt::format("class {:g}: {:g}", cm.labels[i], rows);
        if (rows < static_cast<double>(st.min_per_class))
          why += (why.empty() ? "" : "; ") + fmt::format("class {:g} has {:g} rows < {}", cm.labels[i], rows, st.min_per_class);
      }
    }
    c.outcome = why.empty() ? Outcome::kPassed : NotHeld(c.level);
    c.reason = why;
    Add(std::move(c));
  }

  void Logs() {
    const StageSpec& st = p_.stages;
    if (st.logs_consistent == Level::kOff) return;
    Check base;
    base.kind = "stage";
    base.name = "logs_consistent";
    base.level = st.logs_consistent;
    base.threshold = "differs by ≤ " + Num(st.logs_max_diff);
    if (e_.logs.empty()) {
      base.outcome = Outcome::kSkipped;
      base.reason = "the training logs report no metric comparable with the evaluation";
      Add(std::move(base));
      return;
    }
    for (const LogComparison& l : e_.logs) {
      Check c = base;
      c.qualifier = l.log_metric + " vs " + l.eval_metric;
      const double diff = std::fabs(l.log_value - l.eval_value);
      c.value = diff;
      if (diff <= st.logs_max_diff + 1e-12) {
        c.outcome = Outcome::kPassed;
      } else {
        c.outcome = NotHeld(c.level);
        c.reason = fmt::format("the training log's {} is {} but the eval data gives {} {}: the logs and the model disagree",
                               l.log_metric, Num(l.log_value), l.eval_metric, Num(l.eval_value));
      }
      Add(std::move(c));
    }
  }

  void Stages() {
    Stage("job_completed", p_.stages.job_completed);
    Stage("artifact_safe", p_.stages.artifact_safe);
    Stage("model_loads", p_.stages.model_loads);
    // A failed stage before the evaluation explains why there are no metrics.
    for (const Check& c : d_.checks) stage_failed_ |= c.outcome == Outcome::kFailed;
    MinSamples();
    Logs();
  }

  void NextSteps() {
    auto label = [](const Check& c) { return c.qualifier.empty() ? c.name : c.name + " (" + c.qualifier + ")"; };
    if (d_.approved) {
      d_.next_steps.push_back("register it (registry status " + d_.status + ")");
      for (const Check& c : d_.checks)
        if (c.outcome == Outcome::kWarned) d_.next_steps.push_back("review the warning on " + label(c) + ": " + c.reason);
      return;
    }
    for (const Check& c : d_.checks) {
      if (c.outcome != Outcome::kFailed) continue;
      std::string step;
      if (c.kind == "stage") {
        step = c.name == "min_samples" ? "evaluate on more data: " + c.reason : "fix " + c.name + ": " + c.reason;
      } else if (c.kind == "baseline") {
        step = "recover " + c.name + " against " + c.baseline_label + " (" + c.reason + "), or keep " + c.baseline_label;
      } else if (!c.value) {
        step = label(c) + ": " + c.reason;
      } else if (!c.qualifier.empty() && c.reason.find("too little evidence") != std::string::npos) {
        step = "evaluate " + c.name + " on more data or improve the model: " + c.reason;
      } else {
        step = fmt::format("bring {} to {} (now {}): adjust data, features or hyperparameters and retrain", label(c),
                           c.threshold, Num(*c.value));
      }
      d_.next_steps.push_back(step);
    }
  }

  const Policy& p_;
  const Evidence& e_;
  Decision d_;
  bool stage_failed_ = false;
};

}  // namespace

bool LowerIsBetter(std::string_view m) {
  static const std::string_view kLower[] = {"log_loss", "brier_score", "mae", "mse", "rmse", "mape", "max_error",
                                            "median_absolute_error", "hamming_loss", "zero_one_loss", "ece",
                                            "expected_calibration_error", "false_positive_rate", "false_negative_rate",
                                            "fpr", "fnr", "rmsle", "msle"};
  for (std::string_view x : kLower)
    if (m == x) return true;
  return m.find("error") != std::string_view::npos || m.ends_with("_loss") || m.ends_with("_deviance");
}

Decision Decide(const Policy& policy, const Evidence& evidence) { return Decider(policy, evidence).Run(); }

Decision Decide(const Policy& policy, const metrics::MetricSet& m) {
  Policy p = policy;
  p.stages.job_completed = p.stages.artifact_safe = p.stages.model_loads = Level::kOff;
  p.stages.logs_consistent = Level::kOff;
  Evidence e;
  e.metrics = m;
  return Decide(p, e);
}

}  // namespace mg::policy
