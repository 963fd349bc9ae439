// The terminal rendering: context lines, the decision table (Metric | Value | Required
// threshold | Conclusion) and the verdict line.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "report/common.h"
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
    // ✅ (U+2705) and ❌ (U+274C) are wide; so is everything outside the BMP. ⚠️ is U+26A0 plus
    // a variation selector: one column each.
    bool wide = len == 4 || s.compare(i, 3, "\u2705") == 0 || s.compare(i, 3, "\u274C") == 0;
    w += wide ? 2 : 1;
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

std::string Conclusion(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return std::string(internal::OutcomeSymbol(o)) + " Passed";
    case Outcome::kFailed: return std::string(internal::OutcomeSymbol(o)) + " Failed";
    case Outcome::kWarned: return std::string(internal::OutcomeSymbol(o)) + " Warning";
    case Outcome::kSkipped: return std::string(internal::OutcomeSymbol(o)) + " Skipped";
  }
  return "?";
}

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
  std::vector<std::array<std::string, 4>> rows;
  std::vector<Outcome> outcomes;
  rows.push_back({"Metric", "Value", "Required threshold", "Conclusion"});
  for (const auto& c : r.checks->checks) {
    Outcome o = internal::CheckOutcome(c);
    outcomes.push_back(o);
    rows.push_back({internal::PrettyMetric(c.name), internal::FormatValue(c.value), c.threshold, Conclusion(o)});
  }
  std::array<size_t, 4> w{};
  for (const auto& row : rows)
    for (size_t i = 0; i < 4; ++i) w[i] = std::max(w[i], Width(row[i]));
  out += "\n";
  for (size_t n = 0; n < rows.size(); ++n) {
    const auto& row = rows[n];
    const char* c = k.bold;
    if (n > 0) {
      Outcome o = outcomes[n - 1];
      c = o == Outcome::kPassed ? k.green : o == Outcome::kFailed ? k.red : k.yellow;
    }
    out += fmt::format("| {} | {} | {} | {}{}{} |\n", Pad(row[0], w[0]), Pad(row[1], w[1]), Pad(row[2], w[2]), c,
                       Pad(row[3], w[3]), k.reset);
    if (n == 0)
      out += fmt::format("|{}|{}|{}|{}|\n", std::string(w[0] + 2, '-'), std::string(w[1] + 2, '-'),
                         std::string(w[2] + 2, '-'), std::string(w[3] + 2, '-'));
  }
  for (const auto& c : r.checks->checks)
    if (!c.reason.empty()) out += fmt::format("  {}: {}\n", internal::PrettyMetric(c.name), c.reason);
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
  return out;
}

}  // namespace mg::report
