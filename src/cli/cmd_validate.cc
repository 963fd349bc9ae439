// modelgate validate JOB [--data FILE] [--policy FILE] [--format table|json|md|junit|html|evaluation]
//                        [--report-dir DIR] [-q | -v] [--register GROUP [--registry URL] [--by WHO]]
#include <fmt/core.h>
#include <unistd.h>

#include <pwd.h>

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "core/env.h"
#include "pipeline/register.h"
#include "pipeline/validate.h"
#include "report/report.h"

namespace mg::cli {
namespace {

struct ValidateArgs {
  pipeline::ValidateOptions options;
  bool json = false;
  std::string format = "table";
  std::string report_dir;
  bool quiet = false;
  bool verbose = false;
  std::string group;  // --register
  std::string registry_url = std::string(registry::kDefaultRegistryUrl);
  std::string by;
};

std::string DefaultWho() {
  if (const char* u = std::getenv("USER"); u && *u) return u;
  if (const passwd* pw = getpwuid(geteuid())) return pw->pw_name;
  return "modelgate";
}

// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org: any value).
bool UseColor() { return ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr; }

// A one-line progress bar on stderr, redrawn in place; only when stderr is a terminal.
void DrawProgress(const std::string& stage, int index, int total) {
  const int width = 24;
  int filled = total > 0 ? width * index / total : 0;
  std::string bar(static_cast<size_t>(filled), '#');
  bar += std::string(static_cast<size_t>(width - filled), '.');
  fmt::print(stderr, "\r\033[K[{}] {}/{} {}", bar, index + 1, total, stage);
  std::fflush(stderr);
}

void ClearProgress() {
  fmt::print(stderr, "\r\033[K");
  std::fflush(stderr);
}

int RunValidateCommand(ValidateArgs a) {
  if (a.json) a.format = "json";
  std::optional<report::Format> format = report::ParseFormat(a.format);
  if (!format)
    return ReportError(Status::Input("--format: unknown format '" + a.format +
                                     "' (expected table, json, md, junit, html or evaluation)"));
  // An unwritable report dir is an error before any work starts.
  if (!a.report_dir.empty()) {
    Status st = EnsureWritableDirectory(a.report_dir);
    if (!st.ok()) return ReportError(st.Annotate("--report-dir"));
  }
  // The registry is opened (and its baseline read) before any work: a bad URL costs nothing.
  std::unique_ptr<registry::Registry> reg;
  if (!a.group.empty()) {
    auto opened = registry::OpenRegistry(a.registry_url);
    if (!opened.ok()) return ReportError(opened.status().Annotate("--registry"));
    reg = std::move(opened).value();
    auto baseline = pipeline::LoadBaseline(*reg, a.group);
    if (!baseline.ok()) return ReportError(baseline.status().Annotate("--register " + a.group));
    a.options.baseline = std::move(baseline).value();
  }
  const bool progress = ::isatty(STDERR_FILENO) && !a.quiet;
  if (progress) a.options.on_stage = DrawProgress;
  report::Report r = pipeline::RunValidate(a.options);
  if (progress) ClearProgress();
  if (!a.report_dir.empty()) {
    Status st = report::WriteReportDir(r, a.report_dir);
    if (!st.ok()) return ReportError(st.Annotate("--report-dir"));
  }
  std::string registered;
  if (reg && r.decision != "error") {
    auto version = pipeline::RecordDecision(*reg, a.group, r, a.by.empty() ? DefaultWho() : a.by);
    if (!version.ok()) return ReportError(version.status().Annotate("--register " + a.group));
    registered = fmt::format("Registered {} version {} as {} in {}\n", a.group, *version, r.checks->status,
                             reg->DisplayUrl());
  }
  const bool color = UseColor();
  if (a.quiet) {
    fmt::print("{}", report::RenderVerdictLine(r, color));
  } else {
    report::TableOptions topt;
    topt.color = color;
    topt.verbose = a.verbose;
    fmt::print("{}", report::Render(r, *format, topt));
  }
  if (!registered.empty()) fmt::print(stderr, "{}", registered);
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
  cmd->add_option("--data", args->options.data, "Held-out evaluation CSV, label first (a header line is detected and skipped); default: JOB/data/test.csv");
  cmd->add_option("--policy", args->options.policy, "YAML policy of metric thresholds; default: the metrics must be present");
  cmd->add_option("--threshold", args->options.threshold, "Decision threshold on the positive-class probability")
      ->default_val(0.5)
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--format", args->format,
                  "What to print on stdout: table (default), json (modelgate.report/v1), md, junit, html, evaluation "
                  "(SageMaker evaluation.json)");
  cmd->add_flag("--json", args->json, "Same as --format json");
  cmd->add_option("--report-dir", args->report_dir,
                  "Write every format here: report.json, evaluation.json, report.md, junit.xml, report.html");
  auto* quiet = cmd->add_flag("-q,--quiet", args->quiet, "Print the verdict line only");
  cmd->add_flag("-v,--verbose", args->verbose, "Add each stage's timing to the table")->excludes(quiet);
  cmd->add_option("--register", args->group,
                  "Record the decision as a new version of this model group (Rejected, or the policy's on_pass status) "
                  "and compare with its latest Approved version");
  cmd->add_option("--registry", args->registry_url, "Registry URL: sqlite:///PATH or postgresql://USER:PASS@HOST:PORT/DB")
      ->envname("MODELGATE_REGISTRY")
      ->capture_default_str();
  cmd->add_option("--by", args->by, "Who registers (default: $USER)");
  cmd->callback([&runner, args] { runner.action = [args] { return RunValidateCommand(*args); }; });
}

}  // namespace mg::cli
