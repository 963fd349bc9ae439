#include <fmt/format.h>

#include <algorithm>

#include "report/report.h"

namespace mg::report {
namespace {

// Display width of a UTF-8 string where the emoji used here count as two columns.
size_t Width(const std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    // ✅ (U+2705) and ❌ (U+274C) are wide; so is everything outside the BMP.
    bool wide = len == 4 || s.compare(i, 3, "\u2705") == 0 || s.compare(i, 3, "\u274C") == 0;
    w += wide ? 2 : 1;
    i += len;
  }
  return w;
}

std::string Pad(const std::string& s, size_t width) { return s + std::string(width - std::min(width, Width(s)), ' '); }

// Human metric names, as the seed's table shows them.
std::string Pretty(const std::string& name) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"accuracy", "Accuracy"}, {"precision", "Precision"}, {"recall", "Recall"},
      {"f1", "F1-Score"},       {"roc_auc", "AUC-ROC"},     {"log_loss", "Log loss"}};
  for (const auto& [k, v] : kNames)
    if (name == k) return v;
  return name;
}

}  // namespace

std::string RenderTable(const Report& r, bool color) {
  std::string out;
  const char* green = color ? "\033[32m" : "";
  const char* red = color ? "\033[31m" : "";
  const char* bold = color ? "\033[1m" : "";
  const char* reset = color ? "\033[0m" : "";
  if (r.job) {
    out += fmt::format("Job       {} ({})\n", r.job->name, job::JobStatusName(r.job->status));
    if (!r.job->failure_reason.empty()) {
      out += "Failure reason:\n";
      size_t pos = 0;
      const std::string& fr = r.job->failure_reason;
      while (pos < fr.size()) {
        size_t nl = fr.find('\n', pos);
        out += "  " + fr.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos) + "\n";
        if (nl == std::string::npos) break;
        pos = nl + 1;
      }
    }
  }
  if (r.diagnosis && r.diagnosis->category != "none") {
    const job::Diagnosis& d = *r.diagnosis;
    out += fmt::format("Diagnosis {}{}\n", d.category, d.findings.empty() ? "" : " (rule " + d.findings.front().rule_id + ")");
    if (!d.exception.empty()) out += fmt::format("  Exception:  {}\n", d.exception);
    if (!d.user_frame.empty()) out += fmt::format("  Last frame: {}\n", d.user_frame);
    if (!d.findings.empty()) out += fmt::format("  What to do: {}\n", d.findings.front().advice);
  }
  for (const auto& a : r.log_anomalies)
    if (a.severity == "warning") out += fmt::format("Warning   logs: {}\n", a.message);
  for (const auto& a : r.log_metric_checks)
    if (!a.agrees) out += fmt::format("Warning   {}\n", a.message);
  if (!r.log_tail.empty()) {
    out += "Last lines of the training log that explain it:\n";
    for (const auto& l : r.log_tail) out += "  " + l + "\n";
  }
  if (r.artifact) {
    out += fmt::format("Artifact  {} [{}] {} in {}, sha256 {}\n", r.artifact->listing.path,
                       artifact::ModelFormatName(r.artifact->format), r.artifact->model_member,
                       r.artifact->listing.members.size() == 1 ? "1 member"
                                                              : fmt::format("{} members", r.artifact->listing.members.size()),
                       r.artifact->listing.sha256.substr(0, 12));
  }
  if (r.logs && !r.logs->series.empty()) {
    std::string last;
    for (const auto& [name, s] : r.logs->series) last += fmt::format("{}{}={:.5g}", last.empty() ? "" : ", ", name, s.last());
    out += fmt::format("Logs      {}\n", last);
  }
  if (r.evaluation) {
    out += fmt::format("Eval      {} rows of {} ({} task), model {}\n", r.evaluation->metrics.n, r.evaluation->data_path,
                       r.evaluation->metrics.task, r.evaluation->model_description);
  }
  if (r.checks && !r.checks->checks.empty()) {
    std::vector<std::array<std::string, 4>> rows;
    rows.push_back({"Metric", "Value", "Required threshold", "Conclusion"});
    for (const auto& c : r.checks->checks) {
      rows.push_back({Pretty(c.name), c.value ? fmt::format("{:.4f}", *c.value) : "missing", c.threshold,
                      c.outcome == policy::Outcome::kPassed ? "✅ Passed" : "❌ Failed"});
    }
    std::array<size_t, 4> w{};
    for (const auto& row : rows)
      for (size_t i = 0; i < 4; ++i) w[i] = std::max(w[i], Width(row[i]));
    out += "\n";
    for (size_t k = 0; k < rows.size(); ++k) {
      const auto& row = rows[k];
      const char* c = k == 0 ? bold : (row[3].find("Passed") != std::string::npos ? green : red);
      out += fmt::format("| {} | {} | {} | {}{}{} |\n", Pad(row[0], w[0]), Pad(row[1], w[1]), Pad(row[2], w[2]), c,
                         Pad(row[3], w[3]), reset);
      if (k == 0)
        out += fmt::format("|{}|{}|{}|{}|\n", std::string(w[0] + 2, '-'), std::string(w[1] + 2, '-'),
                           std::string(w[2] + 2, '-'), std::string(w[3] + 2, '-'));
    }
    for (const auto& c : r.checks->checks)
      if (!c.reason.empty()) out += fmt::format("  {}: {}\n", Pretty(c.name), c.reason);
    out += "\n";
  }
  if (r.decision == "approved") {
    out += fmt::format("{}{}Decision: approved{} — the model meets the policy; register it.\n", bold, green, reset);
  } else if (r.decision == "rejected") {
    size_t failed = 0;
    if (r.checks)
      for (const auto& c : r.checks->checks) failed += c.outcome == policy::Outcome::kFailed;
    out += fmt::format("{}{}Decision: rejected{} — {} check{} failed; adjust data, hyperparameters or model and retrain.\n",
                       bold, red, reset, failed, failed == 1 ? "" : "s");
  } else {
    out += fmt::format("{}{}Decision: error{} — {}\n", bold, red, reset,
                       r.error.code() == Status::Code::kJobNotUsable ? "the training job is not usable"
                                                                      : "validation could not finish");
  }
  return out;
}

}  // namespace mg::report
