// modelgate logs JOB|FILE... [--metric-definitions FILE] [--json] [--series] [--no-builtin]:
// metric series and anomalies from training logs.
#include <fmt/core.h>

#include "cli/commands.h"
#include "core/env.h"
#include "job/source.h"
#include "logs/joblogs.h"
#include "logs/logs_json.h"

namespace mg::cli {
namespace {

struct LogsArgs {
  std::vector<std::string> inputs;
  std::string definitions;
  bool json = false;
  bool series = false;
  bool no_builtin = false;
};

// A job (folder, describe JSON, scheme:) or bare log files?
bool IsJob(const std::string& spec) {
  if (IsDirectory(spec)) return true;
  if (!FileExists(spec)) return true;  // let OpenJobSource explain (or handle sagemaker:)
  auto text = ReadFile(spec, 64 << 20);
  return text.ok() && job::ParseDescribeJson(*text, spec).ok();
}

int RunLogs(const LogsArgs& a) {
  logs::JobLogsOptions opt;
  opt.builtin_xgboost = !a.no_builtin;
  opt.tail_lines = 0;
  if (!a.definitions.empty()) {
    auto defs = logs::LoadMetricDefinitions(a.definitions);
    if (!defs.ok()) return ReportError(defs.status());
    opt.definitions = std::move(*defs);
  }
  std::unique_ptr<job::JobSource> src;
  std::optional<job::JobRecord> record;
  if (a.inputs.size() == 1 && IsJob(a.inputs[0])) {
    auto s = job::OpenJobSource(a.inputs[0]);
    if (!s.ok()) return ReportError(s.status());
    src = std::move(*s);
    auto r = job::LoadJob(*src);
    if (!r.ok()) return ReportError(r.status());
    record = std::move(*r);
  } else {
    for (const auto& p : a.inputs)
      if (!FileExists(p) || IsDirectory(p)) return ReportError(Status::Input(p + ": no such log file"));
    src = job::MakeLogFilesSource(a.inputs);
  }
  auto l = logs::ReadJobLogs(*src, record ? &*record : nullptr, opt);
  if (!l.ok()) return ReportError(l.status());
  if (a.json) {
    nlohmann::ordered_json o;
    o["schema"] = "modelgate.logs/v1";
    o["job"] = record ? nlohmann::ordered_json(record->name) : nlohmann::ordered_json(nullptr);
    o["streams"] = l->streams;
    o["formats"] = l->formats;
    o["metrics_json"] = l->metrics_json.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(l->metrics_json);
    nlohmann::ordered_json m = logs::MetricsToJson(l->metrics, true);
    for (auto it = m.begin(); it != m.end(); ++it) o[it.key()] = it.value();
    o["anomalies"] = logs::AnomaliesToJson(l->anomalies);
    fmt::print("{}\n", o.dump(2));
    return 0;
  }
  const auto& lm = l->metrics;
  fmt::print("{} stream(s), {} lines, {} malformed line(s) skipped, {} unparsed value(s)\n", l->streams.size(), lm.lines,
             lm.skipped, lm.unparsed);
  if (!l->metrics_json.empty()) fmt::print("script metrics from {}\n", l->metrics_json);
  for (const auto& w : lm.warnings) fmt::print("warning: {}\n", w);
  if (lm.series.empty()) {
    fmt::print("no metrics found (no metric definition matched; pass --metric-definitions FILE)\n");
  } else {
    size_t w = 6;
    for (const auto& [name, s] : lm.series) w = std::max(w, name.size());
    fmt::print("{:<{}}  {:>7}  {:>10}  {:>12}  {}\n", "METRIC", w, "POINTS", "LAST STEP", "LAST", "SOURCE");
    for (const auto& [name, s] : lm.series) {
      fmt::print("{:<{}}  {:>7}  {:>10}  {:>12.6g}  {}\n", name, w, s.count, s.last_point.step, s.last(), s.source);
      if (a.series) {
        std::string pts;
        for (const auto& p : s.points) pts += fmt::format(" {}:{:.6g}", p.step, p.value);
        fmt::print("  {}\n", pts);
      }
    }
  }
  if (l->anomalies.empty()) fmt::print("anomalies: none\n");
  for (const auto& an : l->anomalies) fmt::print("[{}] {}: {}\n", an.severity, an.kind, an.message);
  return 0;
}

}  // namespace

void AddLogsCommand(CLI::App& app, Runner& runner) {
  auto args = std::make_shared<LogsArgs>();
  CLI::App* cmd = app.add_subcommand("logs", "Metric series and anomalies from a job's training logs or log files");
  cmd->add_option("input", args->inputs,
                  "A job (folder, describe JSON, sagemaker:NAME) or log files (text, CloudWatch JSON, stdout)")
      ->required();
  cmd->add_option("--metric-definitions", args->definitions,
                  "SageMaker MetricDefinitions ([{Name, Regex}] JSON or YAML); default: the job's");
  cmd->add_flag("--series", args->series, "Print every (step, value) point");
  cmd->add_flag("--no-builtin", args->no_builtin, "Do not parse SageMaker XGBoost round lines without a definition");
  cmd->add_flag("--json", args->json, "Print JSON (schema modelgate.logs/v1), with the series");
  cmd->callback([&runner, args] { runner.action = [args] { return RunLogs(*args); }; });
}

}  // namespace mg::cli
