// modelgate status JOB [--json] [--rules FILE] [--log FILE]...: one job's state, timeline,
// configuration, final metrics and, when it failed, why.
#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/job_common.h"
#include "job/job_json.h"
#include "job/timeline.h"
#include "logs/logs_json.h"

namespace mg::cli {
namespace {

struct StatusArgs {
  std::string job;
  InspectOptions inspect;
  bool json = false;
};

std::string Or(const std::string& s) { return s.empty() ? "-" : s; }

std::string Render(const InspectedJob& x) {
  const job::JobRecord& j = x.record;
  std::string s;
  s += fmt::format("Job          {}\n", j.name);
  s += fmt::format("Status       {}{}\n", job::JobStatusName(j.status),
                   j.secondary_status.empty() ? "" : " (" + j.secondary_status + ")");
  s += fmt::format("Created      {}\n", Or(j.creation_time));
  s += fmt::format("Duration     {}   billable {}{}\n", job::FormatDuration(job::JobDuration(j)),
                   job::FormatDuration(j.billable_seconds), j.managed_spot ? " (managed spot)" : "");
  s += fmt::format("Instances    {} x {}\n", j.instance_count, Or(j.instance_type));
  s += fmt::format("Image        {}\n", Or(j.training_image));
  s += fmt::format("Artifact     {}\n", Or(j.model_artifact_uri));
  if (!j.transitions.empty()) {
    s += "Timeline\n";
    for (const auto& e : job::Timeline(j))
      s += fmt::format("  {:<24}  {:<14}  {:>7}  {}\n", Or(e.start_time), e.status,
                       e.end_time.empty() ? "running" : job::FormatDuration(e.seconds), e.message);
  }
  if (!j.hyperparameters.empty()) {
    s += "Hyperparameters\n";
    for (const auto& [k, v] : j.hyperparameters) s += fmt::format("  {} = {}\n", k, v);
  }
  if (!j.final_metrics.empty()) {
    s += "Final metrics\n";
    for (const auto& m : j.final_metrics) s += fmt::format("  {} = {:.6g}\n", m.name, m.value);
  }
  if (!x.logs.anomalies.empty()) {
    s += "Log anomalies\n";
    for (const auto& a : x.logs.anomalies) s += fmt::format("  [{}] {}: {}\n", a.severity, a.kind, a.message);
  }
  if (!j.failure_reason.empty()) {
    std::string first = j.failure_reason.substr(0, j.failure_reason.find('\n'));
    s += fmt::format("FailureReason {}\n", first);
  }
  if (x.diagnosis) s += RenderDiagnosis(*x.diagnosis, "");
  return s;
}

int RunStatus(const StatusArgs& a) {
  auto x = Inspect(a.job, a.inspect);
  if (!x.ok()) return ReportError(x.status());
  if (a.json) {
    nlohmann::ordered_json o;
    o["schema"] = "modelgate.status/v1";
    o["job"] = job::JobDetailToJson(x->record);
    o["diagnosis"] = x->diagnosis ? job::DiagnosisToJson(*x->diagnosis) : nlohmann::ordered_json(nullptr);
    nlohmann::ordered_json l = logs::MetricsToJson(x->logs.metrics, false);
    l["anomalies"] = logs::AnomaliesToJson(x->logs.anomalies);
    o["logs"] = l;
    fmt::print("{}\n", o.dump(2));
  } else {
    fmt::print("{}", Render(*x));
  }
  return x->record.status == job::JobStatus::kCompleted ? 0 : 3;
}

}  // namespace

void AddStatusCommand(CLI::App& app, Runner& runner) {
  auto args = std::make_shared<StatusArgs>();
  CLI::App* cmd = app.add_subcommand(
      "status", "Show a job's status, timeline, configuration and final metrics; diagnose a failure");
  cmd->add_option("job", args->job, "Job folder, saved describe-training-job JSON, or sagemaker:NAME")->required();
  cmd->add_option("--log", args->inspect.log_paths, "Log file(s) of a describe JSON (default: files named after the job beside it)");
  cmd->add_option("--rules", args->inspect.rules_path, "Extra diagnosis rules (YAML), tried before the built-in ones");
  cmd->add_flag("--json", args->json, "Print JSON (schema modelgate.status/v1)");
  cmd->footer("Exit code: 0 when the job Completed, 3 otherwise (Failed, Stopped, still running), 2 bad input.");
  cmd->callback([&runner, args] { runner.action = [args] { return RunStatus(*args); }; });
}

}  // namespace mg::cli
