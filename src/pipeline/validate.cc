#include "pipeline/validate.h"

#include <deque>
#include <fstream>

#include <re2/re2.h>

#include "core/sha256.h"
#include "data/csv.h"
#include "model/model.h"
#include "policy/decide.h"

namespace mg::pipeline {
namespace {

// The lines of a failed job's log that explain it: from the last traceback or error onwards.
std::vector<std::string> LogTail(const std::vector<std::string>& paths, size_t max_lines) {
  static const RE2 kError(R"((Traceback \(most recent call last\)|\bERROR\b|Error:|Exception:|\bKilled\b|exit code))");
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::deque<std::string> window;
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      window.push_back(line);
      if (window.size() > 400) window.pop_front();
    }
    size_t start = window.size();
    for (size_t i = 0; i < window.size(); ++i) {
      if (RE2::PartialMatch(window[i], kError)) {
        start = i;
        break;
      }
    }
    for (size_t i = start; i < window.size(); ++i) out.push_back(window[i]);
  }
  if (out.size() > max_lines) out.erase(out.begin(), out.end() - static_cast<long>(max_lines));
  return out;
}

// One line from a FailureReason: its prefix ("AlgorithmError: ...") and, for a multi-line
// reason, its last line (the exception message).
std::string SummariseFailure(const std::string& reason) {
  if (reason.empty()) return "no FailureReason given";
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos <= reason.size()) {
    size_t nl = reason.find('\n', pos);
    std::string l = reason.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    while (!l.empty() && (l.back() == ' ' || l.back() == '\r')) l.pop_back();
    if (!l.empty()) lines.push_back(l);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  if (lines.empty()) return "no FailureReason given";
  if (lines.size() == 1) return lines[0];
  return lines.front() + " ... " + lines.back();
}

Status Fail(report::Report& r, Status st) {
  r.decision = "error";
  r.error = std::move(st);
  return r.error;
}

// The training log's validation metrics next to the same metrics on the eval data (XGBoost's
// names; the log's validation set is not the eval data, so only a large gap is suspicious).
std::vector<policy::LogComparison> CompareLogs(const logs::LogMetrics& l, const metrics::MetricSet& m) {
  struct Pair {
    const char* log;
    const char* eval;
    bool complement;  // the log reports 1 - the eval metric (error vs accuracy)
  };
  static const Pair kPairs[] = {{"validation:auc", "roc_auc", false},
                                {"validation:logloss", "log_loss", false},
                                {"validation:error", "accuracy", true}};
  std::vector<policy::LogComparison> out;
  for (const Pair& p : kPairs) {
    auto s = l.series.find(p.log);
    auto v = m.values.find(p.eval);
    if (s == l.series.end() || s->second.points.empty() || v == m.values.end()) continue;
    out.push_back({p.log, s->second.last(), p.complement ? std::string("1 - ") + p.eval : p.eval,
                   p.complement ? 1 - v->second : v->second});
  }
  return out;
}

// Applies the policy to what was found: every rule becomes a check.
Status Judge(report::Report& r, const policy::Evidence& e) {
  r.checks = policy::Decide(*r.policy, e);
  r.decision = r.checks->approved ? "approved" : "rejected";
  return Status::Ok();
}

Status Run(const ValidateOptions& opt, report::Report& r) {
  // Policy first: a bad policy must stop before any work.
  const auto& names = opt.metric_names.empty() ? metrics::BinaryMetricNames() : opt.metric_names;
  if (opt.policy.empty()) {
    r.policy = policy::DefaultPolicy(names);
  } else {
    MG_ASSIGN_OR_RETURN(r.policy, policy::LoadPolicy(opt.policy, names));
  }

  // 1. Job.
  MG_ASSIGN_OR_RETURN(r.job, job::LoadJobFolder(opt.job));
  const job::JobRecord& j = *r.job;
  policy::Evidence evidence;
  evidence.baseline = opt.baseline;
  const bool completed = j.status == job::JobStatus::kCompleted;
  evidence.stages["job_completed"] = {completed, job::JobStatusName(j.status),
                                      completed ? "" : std::string("the job is ") + job::JobStatusName(j.status)};
  // Only a policy that does not fail on job_completed lets a Stopped or Failed job's artifact
  // be judged.
  const bool judge_anyway = r.policy->stages.job_completed != policy::Level::kFail && !j.artifact_path.empty() &&
                            (j.status == job::JobStatus::kStopped || j.status == job::JobStatus::kFailed);
  if (j.status == job::JobStatus::kFailed) r.log_tail = LogTail(j.log_paths, 15);
  if (!judge_anyway) switch (j.status) {
    case job::JobStatus::kCompleted: break;
    case job::JobStatus::kFailed:
      return Status::JobNotUsable("training job " + j.name + " failed: " + SummariseFailure(j.failure_reason));
    case job::JobStatus::kInProgress:
      return Status::JobNotUsable("training job " + j.name + " is still InProgress (" + j.secondary_status +
                                  "); validate it once it has Completed");
    case job::JobStatus::kStopping:
    case job::JobStatus::kStopped:
      return Status::JobNotUsable("training job " + j.name + " was " + job::JobStatusName(j.status) +
                                  " before it completed; its model, if any, is not the result of a full run");
  }

  // 2. Artifact.
  if (j.artifact_path.empty())
    return Status::Input(opt.job + ": no output/model.tar.gz in the job folder (artifact " +
                         (j.model_artifact_uri.empty() ? "not recorded" : j.model_artifact_uri) + ")");
  MG_ASSIGN_OR_RETURN(r.artifact, artifact::InspectModelArchive(j.artifact_path));

  // 3. Logs.
  MG_ASSIGN_OR_RETURN(logs::MetricExtractor extractor, logs::MetricExtractor::Create(j.metric_definitions));
  for (const auto& p : j.log_paths) MG_RETURN_IF_ERROR(extractor.AddFile(p));
  r.logs = extractor.metrics();

  // 4. Model + data. An unsafe or unloadable model is a rejection, not an error.
  if (r.artifact->format == artifact::ModelFormat::kPickle) {
    evidence.stages["artifact_safe"] = {false, "pickle", r.artifact->model_member +
                                        " is a pickle: loading it runs arbitrary code (see `modelgate inspect`)"};
    evidence.stages["model_loads"] = {false, "", "not loaded: modelgate does not execute pickles"};
    evidence.not_evaluated_reason = "the model artifact is a pickle";
    return Judge(r, evidence);
  }
  evidence.stages["artifact_safe"] = {true, artifact::ModelFormatName(r.artifact->format), ""};
  auto loaded = model::LoadXgboostModel(r.artifact->model_bytes, j.artifact_path + ":" + r.artifact->model_member);
  if (!loaded.ok()) {
    evidence.stages["model_loads"] = {false, "", loaded.status().message()};
    evidence.not_evaluated_reason = "the model did not load";
    return Judge(r, evidence);
  }
  std::unique_ptr<model::Model> m = std::move(loaded).value();
  evidence.stages["model_loads"] = {true, m->framework(), ""};
  r.artifact->model_bytes.clear();
  r.artifact->model_bytes.shrink_to_fit();
  std::string data_path = opt.data.empty() ? j.eval_data_path : opt.data;
  if (data_path.empty())
    return Status::Input(opt.job + ": no evaluation data (no data/test.csv in the job folder; pass --data FILE)");
  data::CsvOptions csv;
  csv.header = data::CsvOptions::Header::kAuto;
  MG_ASSIGN_OR_RETURN(data::NumericTable table, data::ReadNumericCsv(data_path, csv));
  if (table.cols() < 2) return Status::Input(data_path + ": expected the label in the first column and features after it");
  const size_t nfeat = table.cols() - 1;
  if (nfeat != m->n_features())
    return Status::Input(data_path + ": " + std::to_string(nfeat) + " feature columns after the label, but the model expects " +
                         std::to_string(m->n_features()) + " (label first, then the features, as SageMaker's CSV convention)");
  model::Matrix x;
  x.rows = table.rows();
  x.cols = nfeat;
  x.values.resize(x.rows * x.cols);
  for (size_t c = 0; c < nfeat; ++c)
    for (size_t i = 0; i < x.rows; ++i) x.values[i * nfeat + c] = static_cast<float>(table.columns[c + 1][i]);
  MG_ASSIGN_OR_RETURN(model::Predictions pred, m->Predict(x));

  // 5. Metrics.
  if (m->task() != model::TaskKind::kBinary)
    return Status::Input(std::string("the model's task is ") + model::TaskKindName(m->task()) +
                         "; this version of validate evaluates binary classifiers");
  metrics::BinaryOptions bopt;
  bopt.threshold = opt.threshold;
  // TODO(integration, branch metrics): ask the metrics engine for the confidence intervals
  // (r.policy->IntervalsNeeded(): metric -> level) and the slices (r.policy->SliceColumns())
  // the policy judges. Until they are computed, a rule on a bound or a slice fails, never passes.
  report::Evaluation ev;
  ev.data_path = data_path;
  MG_ASSIGN_OR_RETURN(ev.data_sha256, Sha256File(data_path));
  ev.model_framework = m->framework();
  ev.model_description = m->description();
  MG_ASSIGN_OR_RETURN(ev.metrics, metrics::ComputeBinary(table.columns[0], pred.scores, bopt));
  r.evaluation = std::move(ev);

  // 6-7. Policy and decision.
  evidence.metrics = r.evaluation->metrics;
  evidence.eval_data_sha256 = r.evaluation->data_sha256;
  for (const auto& s : r.evaluation->slices) evidence.slices.push_back({s.column, s.value, s.metrics});
  if (r.logs) evidence.logs = CompareLogs(*r.logs, r.evaluation->metrics);
  return Judge(r, evidence);
}

}  // namespace

report::Report RunValidate(const ValidateOptions& options) {
  report::Report r;
  Status st = Run(options, r);
  if (!st.ok()) Fail(r, st);
  return r;
}

int ExitCode(const report::Report& r) {
  if (r.decision == "approved") return 0;
  if (r.decision == "rejected") return 1;
  return r.error.ok() ? 4 : r.error.exit_code();
}

}  // namespace mg::pipeline
