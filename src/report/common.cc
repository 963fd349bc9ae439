#include "report/common.h"

#include <cmath>
#include <cstdio>
#include <ctime>

#include <fmt/format.h>

namespace mg::report::internal {

std::string PrettyMetric(const std::string& name) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"accuracy", "Accuracy"}, {"precision", "Precision"},   {"recall", "Recall"},
      {"f1", "F1-Score"},       {"roc_auc", "AUC-ROC"},       {"log_loss", "Log loss"},
      {"average_precision", "Average precision"}, {"brier_score", "Brier score"},
      {"balanced_accuracy", "Balanced accuracy"}, {"r2", "R²"}, {"mse", "MSE"}, {"rmse", "RMSE"},
      {"mae", "MAE"}};
  for (const auto& [k, v] : kNames)
    if (name == k) return v;
  return name;
}

std::string FormatValue(const std::optional<double>& v) {
  if (!v) return "missing";
  if (std::isnan(*v)) return "NaN";
  return fmt::format("{:.4f}", *v);
}

nlohmann::ordered_json JsonNumber(double v) {
  if (std::isfinite(v)) return v;
  return std::isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string XmlClean(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    out += c;
  }
  return out;
}

Tally CountChecks(const Report& r) {
  Tally t;
  if (!r.checks) return t;
  for (const auto& c : r.checks->checks) {
    switch (CheckOutcome(c)) {
      case Outcome::kPassed: ++t.passed; break;
      case Outcome::kFailed: ++t.failed; break;
      case Outcome::kWarned: ++t.warned; break;
      case Outcome::kSkipped: ++t.skipped; break;
    }
  }
  return t;
}

std::string VerdictExplanation(const Report& r) {
  // With the policy's next steps printed after it, the verdict line only counts.
  const bool next_steps = r.checks && !r.checks->next_steps.empty();
  if (next_steps && r.decision == "rejected") {
    size_t failed = CountChecks(r).failed;
    return fmt::format("{} check{} failed.", failed, failed == 1 ? "" : "s");
  }
  if (next_steps && r.decision == "approved") {
    Tally t = CountChecks(r);
    if (t.warned > 0) return fmt::format("the model meets the policy ({} warning{}).", t.warned, t.warned == 1 ? "" : "s");
    return "the model meets the policy.";
  }
  if (r.decision == "approved") {
    Tally t = CountChecks(r);
    if (t.warned > 0) return fmt::format("the model meets the policy ({} warning{}).", t.warned, t.warned == 1 ? "" : "s");
    return "the model meets the policy.";
  }
  if (r.decision == "rejected") {
    size_t failed = CountChecks(r).failed;
    return fmt::format("{} check{} failed.", failed, failed == 1 ? "" : "s");
  }
  return r.error.code() == Status::Code::kJobNotUsable ? "the training job is not usable."
                                                       : "validation could not finish.";
}

std::optional<double> SecondsBetween(const std::string& start, const std::string& end) {
  auto parse = [](const std::string& s) -> std::optional<double> {
    int y, mo, d, h, mi;
    double sec;
    if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%lf", &y, &mo, &d, &h, &mi, &sec) != 6) return std::nullopt;
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    return static_cast<double>(timegm(&tm)) + sec;
  };
  auto a = parse(start), b = parse(end);
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

std::string FormatDuration(double s) {
  if (!(s >= 0)) return "?";
  long t = std::lround(s);
  if (t < 60) return fmt::format("{} s", t);
  if (t < 3600) return t % 60 ? fmt::format("{} min {} s", t / 60, t % 60) : fmt::format("{} min", t / 60);
  return fmt::format("{} h {} min", t / 3600, (t % 3600) / 60);
}

}  // namespace mg::report::internal
