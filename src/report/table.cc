// The terminal rendering: context lines, the decision table (Metric | Value | Required
// threshold | Conclusion) and the verdict line.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "report/common.h"
#include "report/checks.h"
#include "report/report.h"

namespace mg::report {
namespace {

using internal::Outcome;

// Display width of a UTF-8 string where the emoji used here count as two columns.
size_t Width(const std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    // ✅ (U+2705), ❌ (U+274C), ⚠️ (U+26A0) and ⏭️ (U+23ED) are wide (the last two with the
    // variation selector U+FE0F, which takes no column); so is everything outside the BMP.
    bool wide = len == 4 || s.compare(i, 3, "\u2705") == 0 || s.compare(i, 3, "\u274C") == 0 ||
                s.compare(i, 3, "\u26A0") == 0 || s.compare(i, 3, "\u23ED") == 0;
    bool zero = s.compare(i, 3, "\uFE0F") == 0;
    w += zero ? 0 : wide ? 2 : 1;
    i += len;
  }
  return w;
}

std::string Pad(const std::string& s, size_t width) { return s + std::string(width - std::min(width, Width(s)), ' '); }

struct Colors {
  const char *green = "", *red = "", *yellow = "", *bold = "", *dim = "", *reset = "";
  explicit Colors(bool on) {
    if (!on) return;
    green = "\033[32m", red = "\033[31m", yellow = "\033[33m", bold = "\033[1m", dim = "\033[2m", reset = "\033[0m";
  }
};

void AppendIndented(std::string& out, const std::string& text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    out += "  " + text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos) + "\n";
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
}

void AppendTable(std::string& out, const Report& r, const Colors& k) {
  // The seed's columns, plus Baseline and Delta when any check compared with a baseline.
  bool with_baseline = false;
  for (const auto& c : r.checks->checks) with_baseline |= c.baseline.has_value();
  const size_t ncol = with_baseline ? 6 : 4;
  std::vector<std::vector<std::string>> rows;
  std::vector<Outcome> outcomes;
  rows.push_back({"Metric", "Value", "Required threshold", "Conclusion", "Baseline", "Delta"});
  for (const auto& c : r.checks->checks) {
    CheckRow x = FormatCheck(c);
    rows.push_back({x.metric, x.value, x.threshold, x.conclusion, x.baseline, x.delta});
    outcomes.push_back(internal::CheckOutcome(c));
  }
  std::vector<size_t> w(ncol, 0);
  for (const auto& row : rows)
    for (size_t i = 0; i < ncol; ++i) w[i] = std::max(w[i], Width(row[i]));
  out += "\n";
  for (size_t n = 0; n < rows.size(); ++n) {
    const char* c = k.bold;
    if (n > 0) c = outcomes[n - 1] == Outcome::kPassed ? k.green : outcomes[n - 1] == Outcome::kFailed ? k.red : k.yellow;
    std::string line = "|";
    for (size_t i = 0; i < ncol; ++i)
      line += i == 3 ? fmt::format(" {}{}{} |", c, Pad(rows[n][i], w[i]), k.reset) : " " + Pad(rows[n][i], w[i]) + " |";
    out += line + "\n";
    if (n == 0) {
      std::string rule = "|";
      for (size_t i = 0; i < ncol; ++i) rule += std::string(w[i] + 2, '-') + "|";
      out += rule + "\n";
    }
  }
  for (const auto& c : r.checks->checks)
    if (!c.reason.empty()) out += fmt::format("  {}: {}\n", FormatCheck(c).metric, c.reason);
  out += "\n";
}

}  // namespace

std::string RenderVerdictLine(const Report& r, bool color) {
  Colors k(color);
  const char* c = r.decision == "approved" ? k.green : k.red;
  return fmt::format("{}{}Decision: {}{} — {}\n", k.bold, c, r.decision, k.reset, internal::VerdictExplanation(r));
}

std::string RenderTable(const Report& r, const TableOptions& opt) {
  Colors k(opt.color);
  std::string out;
  if (r.job) {
    out += fmt::format("Job       {} ({})\n", r.job->name, job::JobStatusName(r.job->status));
    if (!r.job->failure_reason.empty()) {
      out += "Failure reason:\n";
      AppendIndented(out, r.job->failure_reason);
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
    const auto& a = *r.artifact;
    size_t n = a.listing.members.size();
    out += fmt::format("Artifact  {} [{}] {} in {}, sha256 {}\n", a.listing.path, artifact::ModelFormatName(a.format),
                       a.model_member, n == 1 ? "1 member" : fmt::format("{} members", n), a.listing.sha256.substr(0, 12));
  }
  for (const auto& f : r.findings) {
    const char* c = f.severity == "critical" || f.severity == "high" ? k.red : f.severity == "info" ? k.dim : k.yellow;
    out += fmt::format("Finding   {}{}{} {}{}{}\n", c, f.severity, k.reset, f.member.empty() ? "" : f.member + ": ",
                       f.detail, f.kind.empty() ? "" : " [" + f.kind + "]");
  }
  if (r.logs && !r.logs->series.empty()) {
    std::string last;
    for (const auto& [name, s] : r.logs->series)
      if (!s.points.empty()) last += fmt::format("{}{}={:.5g}", last.empty() ? "" : ", ", name, s.last());
    out += fmt::format("Logs      {}\n", last);
  }
  if (r.evaluation) {
    out += fmt::format("Eval      {} rows of {} ({} task), model {}\n", r.evaluation->metrics.n, r.evaluation->data_path,
                       r.evaluation->metrics.task, r.evaluation->model_description);
  }
  if (r.checks && !r.checks->checks.empty()) AppendTable(out, r, k);
  if (opt.verbose && !r.timings.empty()) {
    out += "Timings  ";
    double total = 0;
    for (const auto& t : r.timings) {
      out += fmt::format(" {} {:.3f}s,", t.stage, t.seconds);
      total += t.seconds;
    }
    out += fmt::format(" total {:.3f}s\n", total);
  }
  out += RenderVerdictLine(r, opt.color);
  if (r.checks && r.decision != "error") out += NextStepsText(*r.checks);
  if (r.policy && r.policy->source == "default" && r.decision != "error")
    out += "Note: no --policy was given, so this only says every stage worked and the standard metrics are "
           "computable; set thresholds in a policy (docs/policy.md).\n";
  return out;
}

}  // namespace mg::report
