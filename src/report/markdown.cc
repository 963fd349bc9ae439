// report.md: a short summary for a pull-request comment: verdict, the decision table, the
// findings, a pointer to report.html.
#include <fmt/format.h>

#include <cctype>

#include "report/common.h"
#include "report/report.h"

namespace mg::report {
namespace {

// Table cells: pipes and newlines would break the row.
std::string Cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

}  // namespace

std::string RenderMarkdown(const Report& r) {
  std::string out;
  const char* icon = r.decision == "approved" ? "\u2705" : "\u274C";
  out += fmt::format("## {} modelgate: {}\n\n", icon, r.decision);
  std::string why = internal::VerdictExplanation(r);
  if (!why.empty()) why[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(why[0])));
  out += why + "\n\n";
  if (!r.error.ok()) out += fmt::format("> **Error:** {}\n\n", Cell(r.error.message()));
  if (r.job) {
    out += fmt::format("- **Job:** `{}` ({})\n", r.job->name, job::JobStatusName(r.job->status));
    if (r.artifact)
      out += fmt::format("- **Artifact:** `{}` ({}, sha256 `{}`)\n", r.artifact->listing.path,
                         artifact::ModelFormatName(r.artifact->format), r.artifact->listing.sha256.substr(0, 12));
    if (r.evaluation)
      out += fmt::format("- **Evaluation:** {} rows of `{}` ({} task)\n", r.evaluation->metrics.n,
                         r.evaluation->data_path, r.evaluation->metrics.task);
    if (r.policy) out += fmt::format("- **Policy:** `{}`\n", r.policy->source);
    out += "\n";
  }
  if (r.checks && !r.checks->checks.empty()) {
    out += "| Metric | Value | Required threshold | Conclusion |\n|---|---:|---|---|\n";
    for (const auto& c : r.checks->checks) {
      internal::Outcome o = internal::CheckOutcome(c);
      std::string concl = fmt::format("{} {}", internal::OutcomeSymbol(o), internal::OutcomeName(o));
      if (!c.reason.empty()) concl += ": " + c.reason;
      out += fmt::format("| {} | {} | {} | {} |\n", Cell(internal::PrettyMetric(c.name)), internal::FormatValue(c.value),
                         Cell(c.threshold), Cell(concl));
    }
    out += "\n";
  }
  if (!r.findings.empty()) {
    out += "### Findings\n\n";
    for (const auto& f : r.findings)
      out += fmt::format("- **{}** {}{}{}\n", f.severity, f.member.empty() ? "" : "`" + f.member + "`: ", Cell(f.detail),
                         f.kind.empty() ? "" : " (" + f.kind + ")");
    out += "\n";
  }
  if (!r.log_tail.empty()) {
    out += "<details><summary>Training log tail</summary>\n\n```text\n";
    for (const auto& l : r.log_tail) {
      std::string line = l;
      for (size_t p; (p = line.find("```")) != std::string::npos;) line.replace(p, 3, "'''");
      out += line + "\n";
    }
    out += "```\n\n</details>\n\n";
  }
  out += "Full report with plots: [report.html](report.html) · machine-readable: [report.json](report.json)\n";
  return out;
}

}  // namespace mg::report
