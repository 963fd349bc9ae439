#include <fmt/format.h>

#include <algorithm>

#include "report/checks.h"
#include "report/report.h"

namespace mg::report {
namespace {

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

}  // namespace

std::string RenderTable(const Report& r, bool color) {
  std::string out;
  const char* green = color ? "\033[32m" : "";
  const char* red = color ? "\033[31m" : "";
  const char* yellow = color ? "\033[33m" : "";
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
    // The seed's columns, plus Baseline and Delta when any check compared with a baseline.
    bool with_baseline = false;
    for (const auto& c : r.checks->checks) with_baseline |= c.baseline.has_value();
    const size_t ncol = with_baseline ? 6 : 4;
    std::vector<std::vector<std::string>> rows;
    std::vector<policy::Outcome> outcomes;
    rows.push_back({"Metric", "Value", "Required threshold", "Conclusion", "Baseline", "Delta"});
    for (const auto& c : r.checks->checks) {
      CheckRow x = FormatCheck(c);
      rows.push_back({x.metric, x.value, x.threshold, x.conclusion, x.baseline, x.delta});
      outcomes.push_back(c.outcome);
    }
    std::vector<size_t> w(ncol, 0);
    for (const auto& row : rows)
      for (size_t i = 0; i < ncol; ++i) w[i] = std::max(w[i], Width(row[i]));
    out += "\n";
    for (size_t k = 0; k < rows.size(); ++k) {
      const char* c = k == 0 ? bold
                      : outcomes[k - 1] == policy::Outcome::kPassed ? green
                      : outcomes[k - 1] == policy::Outcome::kFailed ? red
                                                                    : yellow;
      std::string line = "|";
      for (size_t i = 0; i < ncol; ++i)
        line += i == 3 ? fmt::format(" {}{}{} |", c, Pad(rows[k][i], w[i]), reset) : " " + Pad(rows[k][i], w[i]) + " |";
      out += line + "\n";
      if (k == 0) {
        std::string rule = "|";
        for (size_t i = 0; i < ncol; ++i) rule += std::string(w[i] + 2, '-') + "|";
        out += rule + "\n";
      }
    }
    for (const auto& c : r.checks->checks)
      if (!c.reason.empty()) out += fmt::format("  {}: {}\n", FormatCheck(c).metric, c.reason);
    out += "\n";
  }
  if (r.decision == "approved") {
    out += fmt::format("{}{}Decision: approved{} — the model meets the policy.\n", bold, green, reset);
  } else if (r.decision == "rejected") {
    size_t failed = 0;
    if (r.checks)
      for (const auto& c : r.checks->checks) failed += c.outcome == policy::Outcome::kFailed;
    out += fmt::format("{}{}Decision: rejected{} — {} check{} failed.\n", bold, red, reset, failed, failed == 1 ? "" : "s");
  } else {
    out += fmt::format("{}{}Decision: error{} — {}\n", bold, red, reset,
                       r.error.code() == Status::Code::kJobNotUsable ? "the training job is not usable"
                                                                      : "validation could not finish");
  }
  if (r.checks && r.decision != "error") out += NextStepsText(*r.checks);
  return out;
}

}  // namespace mg::report
