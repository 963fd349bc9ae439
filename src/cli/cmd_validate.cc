// modelgate validate JOB [--data FILE] [--policy FILE] [--json] [--report-dir DIR]
#include <fmt/core.h>
#include <unistd.h>

#include <cstdlib>

#include "cli/commands.h"
#include "core/env.h"
#include "pipeline/validate.h"
#include "report/report.h"

namespace mg::cli {
namespace {

struct ValidateArgs {
  pipeline::ValidateOptions options;
  bool json = false;
  std::string report_dir;
};

bool UseColor() { return ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr; }

int RunValidateCommand(const ValidateArgs& a) {
  // An unwritable report dir is an error before any work starts.
  if (!a.report_dir.empty()) {
    Status st = EnsureWritableDirectory(a.report_dir);
    if (!st.ok()) return ReportError(st.Annotate("--report-dir"));
  }
  report::Report r = pipeline::RunValidate(a.options);
  if (!a.report_dir.empty()) {
    Status st = report::WriteReportDir(r, a.report_dir);
    if (!st.ok()) return ReportError(st);
  }
  if (a.json) {
    fmt::print("{}\n", report::ToJson(r).dump(2));
  } else {
    fmt::print("{}", report::RenderTable(r, UseColor()));
  }
  if (r.decision == "error") ReportError(r.error);
  return pipeline::ExitCode(r);
}

}  // namespace

void AddValidateCommand(CLI::App& app, Runner& runner) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand("validate", "Judge a training job: status, artifact, logs, model, metrics, policy");
  cmd->add_option("job", args->options.job, "Job folder (describe.json, output/model.tar.gz, logs/, data/test.csv), describe JSON, or sagemaker:NAME")
      ->required();
  cmd->add_option("--log", args->options.log_paths, "Log file(s) of a describe JSON (default: files named after the job beside it)");
  cmd->add_option("--rules", args->options.rules, "Extra failure-diagnosis rules (YAML), tried before the built-in ones");
  cmd->add_option("--data", args->options.data, "Held-out evaluation CSV (label first, no header); default: JOB/data/test.csv");
  cmd->add_option("--policy", args->options.policy, "YAML policy of metric thresholds; default: the metrics must be present");
  cmd->add_option("--threshold", args->options.threshold, "Decision threshold on the positive-class probability")
      ->default_val(0.5)
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_flag("--json", args->json, "Print the report as JSON (schema modelgate.report/v1) instead of the table");
  cmd->add_option("--report-dir", args->report_dir, "Write report.json and SageMaker's evaluation.json here");
  cmd->callback([&runner, args] { runner.action = [args] { return RunValidateCommand(*args); }; });
}

}  // namespace mg::cli
