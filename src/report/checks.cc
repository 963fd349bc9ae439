#include "report/checks.h"

#include <cmath>

#include <fmt/format.h>

namespace mg::report {
namespace {

using ojson = nlohmann::ordered_json;

// Human metric names, as the seed's table shows them.
std::string Pretty(const std::string& name) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"accuracy", "Accuracy"}, {"precision", "Precision"}, {"recall", "Recall"},
      {"f1", "F1-Score"},       {"roc_auc", "AUC-ROC"},     {"log_loss", "Log loss"}};
  for (const auto& [k, v] : kNames)
    if (name == k) return v;
  return name;
}

ojson Number(const std::optional<double>& v) {
  if (!v) return nullptr;
  if (std::isfinite(*v)) return *v;
  return std::isnan(*v) ? "NaN" : (*v > 0 ? "Infinity" : "-Infinity");
}

std::string Value(const policy::Check& c) {
  if (!c.value_text.empty()) return c.value_text;
  if (!c.value) return c.outcome == policy::Outcome::kSkipped ? "—" : "missing";
  // Counts (slice sizes, rows) are whole numbers; metrics get four decimals.
  if (c.name == "slice size" || c.name == "min_samples") return fmt::format("{:g}", *c.value);
  return fmt::format("{:.4f}", *c.value);
}

}  // namespace

const char* OutcomeSymbol(policy::Outcome o) {
  switch (o) {
    case policy::Outcome::kPassed: return "\u2705";
    case policy::Outcome::kFailed: return "\u274C";
    case policy::Outcome::kWarned: return "\u26A0\uFE0F";
    case policy::Outcome::kSkipped: return "\u23ED\uFE0F";
  }
  return "?";
}

CheckRow FormatCheck(const policy::Check& c) {
  CheckRow row;
  row.metric = c.kind == "stage" ? c.name : Pretty(c.name);
  if (!c.qualifier.empty()) row.metric += " (" + c.qualifier + ")";
  row.value = Value(c);
  row.threshold = c.threshold;
  static const char* kWords[] = {"Passed", "Failed", "Warning", "Skipped"};
  row.conclusion = fmt::format("{} {}", OutcomeSymbol(c.outcome), kWords[static_cast<int>(c.outcome)]);
  if (c.baseline) row.baseline = fmt::format("{:.4f}{}", *c.baseline, c.baseline_label.empty() ? "" : " (" + c.baseline_label + ")");
  if (c.delta) row.delta = fmt::format("{:+.4f}", *c.delta);
  return row;
}

ojson CheckJson(const policy::Check& c) {
  ojson x;
  x["kind"] = c.kind;
  x["name"] = c.name;
  x["qualifier"] = c.qualifier.empty() ? ojson(nullptr) : ojson(c.qualifier);
  x["level"] = policy::LevelName(c.level);
  x["value"] = c.value_text.empty() ? Number(c.value) : ojson(c.value_text);
  x["threshold"] = c.threshold;
  x["outcome"] = policy::OutcomeName(c.outcome);
  x["passed"] = c.outcome == policy::Outcome::kPassed;
  x["reason"] = c.reason.empty() ? ojson(nullptr) : ojson(c.reason);
  if (c.baseline || !c.baseline_label.empty())
    x["baseline"] = {{"label", c.baseline_label}, {"value", Number(c.baseline)}, {"delta", Number(c.delta)}};
  else
    x["baseline"] = nullptr;
  return x;
}

std::string NextStepsText(const policy::Decision& d) {
  if (d.next_steps.empty()) return "";
  std::string out = d.approved ? "Next:\n" : "To change:\n";
  for (const auto& s : d.next_steps) out += "  - " + s + "\n";
  return out;
}

}  // namespace mg::report
