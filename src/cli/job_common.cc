#include "cli/job_common.h"

#include <fmt/core.h>

namespace mg::cli {

Result<InspectedJob> Inspect(const std::string& spec, const InspectOptions& opt) {
  InspectedJob out;
  MG_ASSIGN_OR_RETURN(job::RuleSet rules, job::LoadRules(opt.rules_path));  // a bad --rules fails first
  job::OpenOptions oo;
  oo.log_paths = opt.log_paths;
  MG_ASSIGN_OR_RETURN(out.source, job::OpenJobSource(spec, oo));
  MG_ASSIGN_OR_RETURN(out.record, job::LoadJob(*out.source));
  MG_ASSIGN_OR_RETURN(out.logs, logs::ReadJobLogs(*out.source, &out.record, opt.logs));
  job::DiagnosisInput in;
  in.log_tail = out.logs.tail;
  switch (out.record.status) {
    case job::JobStatus::kCompleted:
      out.diagnosis = job::CheckCompleted(out.record, in, rules, static_cast<long>(out.logs.metrics.last_round),
                                          out.logs.metrics.early_stopping.seen);
      break;
    case job::JobStatus::kFailed:
    case job::JobStatus::kStopped:
    case job::JobStatus::kStopping:
      out.diagnosis = job::Diagnose(out.record, in, rules);
      break;
    case job::JobStatus::kInProgress: break;
  }
  return out;
}

std::string RenderDiagnosis(const job::Diagnosis& d, const std::string& ind) {
  std::string s;
  if (d.category == "none") return ind + "Diagnosis: nothing wrong found in the logs\n";
  std::string head = d.category;
  if (!d.findings.empty()) head += fmt::format(" (rule {}, from {})", d.findings.front().rule_id, d.findings.front().where);
  s += fmt::format("{}Diagnosis: {}\n", ind, head);
  s += fmt::format("{}  What happened: {}\n", ind, d.summary);
  if (!d.findings.empty()) s += fmt::format("{}  Evidence:      {}\n", ind, d.findings.front().evidence);
  if (!d.exception.empty()) s += fmt::format("{}  Exception:     {}\n", ind, d.exception);
  if (!d.user_frame.empty()) s += fmt::format("{}  Last frame:    {}\n", ind, d.user_frame);
  if (!d.findings.empty()) s += fmt::format("{}  What to do:    {}\n", ind, d.findings.front().advice);
  for (size_t i = 1; i < d.findings.size(); ++i)
    s += fmt::format("{}  Also matched:  {} ({}): {}\n", ind, d.findings[i].category, d.findings[i].rule_id,
                     d.findings[i].evidence);
  if (d.category == "unknown" || d.findings.empty()) {
    s += fmt::format("{}  Lines that matter:\n", ind);
    for (const auto& l : d.lines) s += fmt::format("{}    {}\n", ind, l);
  }
  return s;
}

}  // namespace mg::cli
