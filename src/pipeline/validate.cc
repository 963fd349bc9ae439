#include "pipeline/validate.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <span>

#include <fmt/format.h>

#include "artifact/scan.h"
#include "core/sha256.h"
#include "data/csv.h"
#include "job/source.h"
#include "logs/agreement.h"
#include "logs/joblogs.h"
#include "model/model.h"
#include "pickle/finding.h"
#include "policy/decide.h"

namespace mg::pipeline {
namespace {

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

// Records each stage's wall time into the report and announces stage starts.
class StageClock {
 public:
  static constexpr int kStages = 6;  // job, logs, artifact, model, metrics, policy
  StageClock(report::Report& r, const ValidateOptions& opt) : r_(r), opt_(opt) {}
  ~StageClock() { End(); }
  void Begin(const char* stage) {
    End();
    stage_ = stage;
    start_ = std::chrono::steady_clock::now();
    if (opt_.on_stage) opt_.on_stage(stage_, index_, kStages);
    ++index_;
  }

 private:
  void End() {
    if (stage_.empty()) return;
    std::chrono::duration<double> d = std::chrono::steady_clock::now() - start_;
    r_.timings.push_back({stage_, d.count()});
    stage_.clear();
  }
  report::Report& r_;
  const ValidateOptions& opt_;
  std::string stage_;
  int index_ = 0;
  std::chrono::steady_clock::time_point start_;
};

Status Fail(report::Report& r, Status st) {
  r.decision = "error";
  r.error = std::move(st);
  return r.error;
}

// The training log's validation metrics next to the recomputed ones (logs/agreement.h maps
// the names), as evidence for the policy's logs_consistent check.
std::vector<policy::LogComparison> LogEvidence(const std::vector<logs::MetricAgreement>& agreements) {
  std::vector<policy::LogComparison> out;
  for (const auto& a : agreements) out.push_back({a.log_metric, a.log_value, a.metric, a.recomputed});
  return out;
}

// Metrics per value of each slice column the policy names (the eval data needs a header that
// names the column). Confidence intervals as the policy's rules ask for them.
Status ComputeSlices(const policy::Policy& p, const data::NumericTable& table, std::span<const double> scores,
                     const metrics::BinaryOptions& bopt, const std::optional<metrics::CiOptions>& ci,
                     const std::string& data_path, std::vector<report::Slice>* out) {
  for (const std::string& column : p.SliceColumns()) {
    auto idx = table.ColumnIndex(column);
    if (!idx.ok() || !table.has_header)
      return Status::Input(data_path + ": the policy slices by column '" + column +
                           "', which the eval data does not have (it needs a header line naming its columns)");
    const auto& values = table.columns[*idx];
    std::map<double, std::vector<size_t>> groups;
    for (size_t i = 0; i < values.size(); ++i) groups[values[i]].push_back(i);
    for (const auto& [value, rows] : groups) {
      std::vector<double> y, s;
      y.reserve(rows.size());
      s.reserve(rows.size());
      for (size_t i : rows) {
        y.push_back(table.columns[0][i]);
        s.push_back(scores[i]);
      }
      report::Slice slice;
      slice.column = column;
      slice.value = fmt::format("{:g}", value);
      auto m = metrics::ComputeBinary(y, s, bopt);
      if (!m.ok()) {
        // A slice with one class has no AUC etc.; keep its size so min_size rules can judge it.
        slice.metrics.task = "binary";
        slice.metrics.n = rows.size();
        slice.metrics.undefined["*"] = m.status().message();
      } else {
        slice.metrics = std::move(m).value();
        if (ci) {
          metrics::Inputs in{y, {s}, {}};
          MG_RETURN_IF_ERROR(metrics::AddConfidenceIntervals(metrics::Task::kBinary, in, bopt, *ci, &slice.metrics));
        }
      }
      out->push_back(std::move(slice));
    }
  }
  return Status::Ok();
}

// Applies the policy to what was found: every rule becomes a check.
Status Judge(report::Report& r, const policy::Evidence& e) {
  r.checks = policy::Decide(*r.policy, e);
  r.decision = r.checks->approved ? "approved" : "rejected";
  return Status::Ok();
}

Status Run(const ValidateOptions& opt, report::Report& r) {
  StageClock clock(r, opt);
  // Policy first: a bad policy must stop before any work.
  const auto& names = opt.metric_names.empty() ? metrics::MetricNames(metrics::Task::kBinary) : opt.metric_names;
  if (opt.policy.empty()) {
    r.policy = policy::DefaultPolicy(metrics::DefaultMetricNames(metrics::Task::kBinary));
  } else {
    MG_ASSIGN_OR_RETURN(r.policy, policy::LoadPolicy(opt.policy, names));
  }

  // 1. Job (any source: folder, describe JSON, sagemaker:NAME), its logs read once, diagnosis.
  clock.Begin("job");
  MG_ASSIGN_OR_RETURN(job::RuleSet rules, job::LoadRules(opt.rules));
  job::OpenOptions oo;
  oo.log_paths = opt.log_paths;
  MG_ASSIGN_OR_RETURN(std::unique_ptr<job::JobSource> source, job::OpenJobSource(opt.job, oo));
  MG_ASSIGN_OR_RETURN(r.job, job::LoadJob(*source));
  const job::JobRecord& j = *r.job;
  clock.Begin("logs");
  MG_ASSIGN_OR_RETURN(logs::JobLogs jl, logs::ReadJobLogs(*source, &j, {}));
  r.logs = jl.metrics;
  r.log_anomalies = jl.anomalies;
  job::DiagnosisInput din;
  din.log_tail = std::move(jl.tail);

  policy::Evidence evidence;
  evidence.baseline = opt.baseline;
  const bool completed = j.status == job::JobStatus::kCompleted;
  evidence.stages["job_completed"] = {completed, job::JobStatusName(j.status),
                                      completed ? "" : std::string("the job is ") + job::JobStatusName(j.status)};
  if (completed) {
    r.diagnosis = job::CheckCompleted(j, din, rules, static_cast<long>(jl.metrics.last_round),
                                      jl.metrics.early_stopping.seen);
  } else if (j.status != job::JobStatus::kInProgress) {  // Failed, Stopped, Stopping: why
    r.diagnosis = job::Diagnose(j, din, rules);
    if (j.status == job::JobStatus::kFailed) r.log_tail = r.diagnosis->lines;
  }
  // Only a policy that does not fail on job_completed lets a Stopped or Failed job's artifact
  // be judged.
  const bool judge_anyway = r.policy->stages.job_completed != policy::Level::kFail && !j.artifact_path.empty() &&
                            (j.status == job::JobStatus::kStopped || j.status == job::JobStatus::kFailed);
  if (!judge_anyway) switch (j.status) {
    case job::JobStatus::kCompleted: break;
    case job::JobStatus::kFailed:
      return Status::JobNotUsable("training job " + j.name + " failed (" + r.diagnosis->category +
                                  "): " + SummariseFailure(j.failure_reason));
    case job::JobStatus::kInProgress:
      return Status::JobNotUsable("training job " + j.name + " is still InProgress (" + j.secondary_status +
                                  "); validate it once it has Completed");
    case job::JobStatus::kStopping:
    case job::JobStatus::kStopped:
      return Status::JobNotUsable("training job " + j.name + " was " + job::JobStatusName(j.status) +
                                  " before it completed; its model, if any, is not the result of a full run");
  }

  // 2. Artifact.
  clock.Begin("artifact");
  if (j.artifact_path.empty())
    return Status::Input(opt.job + ": no output/model.tar.gz in the job folder (artifact " +
                         (j.model_artifact_uri.empty() ? "not recorded" : j.model_artifact_uri) + ")");
  MG_ASSIGN_OR_RETURN(r.artifact, artifact::InspectModelArchive(j.artifact_path));
  // Every member, nested archives and every pickle in it, judged without running anything
  // (the same scan as `modelgate inspect`).
  const artifact::ScanReport scan = artifact::ScanArtifact(j.artifact_path);
  std::string unsafe_reason;
  for (const auto& f : scan.findings) {
    r.findings.push_back({pickle::SeverityName(f.severity), pickle::FindingKindName(f.kind), f.member, f.detail});
    if (unsafe_reason.empty() && f.kind == pickle::FindingKind::kSafety && f.severity >= pickle::Severity::kMedium)
      unsafe_reason = (f.member.empty() ? "" : f.member + ": ") + f.detail;
  }

  // 3. Logs: read with the job above (metrics, anomalies, diagnosis).

  // 4. Model + data. An unsafe or unloadable model is a rejection, not an error. A pickle is
  // judged by the static pickle VM's allowlist; a safe one is rebuilt natively by
  // model::LoadModelBytes (scikit-learn estimators, pickled Boosters): never executed.
  clock.Begin("model");
  if (scan.verdict == "unsafe") {
    evidence.stages["artifact_safe"] = {false, scan.verdict, unsafe_reason + " (see `modelgate inspect`)"};
    evidence.stages["model_loads"] = {false, "", "not loaded: the artifact is not shown safe to load"};
    evidence.not_evaluated_reason = "the model artifact is unsafe to load";
    return Judge(r, evidence);
  }
  evidence.stages["artifact_safe"] = {true, artifact::ModelFormatName(r.artifact->format), ""};
  auto loaded = model::LoadModelBytes(r.artifact->model_bytes, j.artifact_path + ":" + r.artifact->model_member);
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
    for (size_t i = 0; i < x.rows; ++i) x.values[i * nfeat + c] = table.columns[c + 1][i];  // float64: scikit-learn parity
  MG_ASSIGN_OR_RETURN(model::Predictions pred, m->Predict(x));
  if (m->task() == model::TaskKind::kBinary) {
    // The model scores the probability of class 1: labels must be 0 or 1 (SageMaker's
    // convention for binary objectives); anything else would be silently counted as negative.
    for (size_t i = 0; i < table.rows(); ++i) {
      const double y = table.columns[0][i];
      if (y != 0 && y != 1)
        return Status::Input(data_path + ": row " + std::to_string(i + 1 + (table.has_header ? 1 : 0)) +
                             ": label " + fmt::format("{:g}", y) +
                             " in the first column; a binary model's labels must be 0 or 1");
    }
  }
  if (!pred.probabilities)
    return Status::Input(m->description() + " gives decision values, not probabilities; validate needs probabilities");

  // 5. Metrics (with the confidence intervals and slices the policy judges).
  clock.Begin("metrics");
  if (m->task() != model::TaskKind::kBinary)
    return Status::Input(std::string("the model's task is ") + model::TaskKindName(m->task()) +
                         "; this version of validate evaluates binary classifiers");
  metrics::BinaryOptions bopt;
  bopt.threshold = opt.threshold;
  std::optional<metrics::CiOptions> ci = opt.ci;
  const auto needed = r.policy->IntervalsNeeded();
  if (!needed.empty() && !ci) ci = metrics::CiOptions{};
  for (const auto& [name, level] : needed) ci->level = std::max(ci->level, level);
  report::Evaluation ev;
  ev.data_path = data_path;
  MG_ASSIGN_OR_RETURN(ev.data_sha256, Sha256File(data_path));
  ev.model_framework = m->framework();
  ev.model_description = m->description();
  MG_ASSIGN_OR_RETURN(ev.metrics, metrics::ComputeBinary(table.columns[0], pred.scores, bopt));
  if (ci) {
    metrics::Inputs in{table.columns[0], {pred.scores}, {}};
    MG_RETURN_IF_ERROR(metrics::AddConfidenceIntervals(metrics::Task::kBinary, in, bopt, *ci, &ev.metrics));
  }
  MG_RETURN_IF_ERROR(ComputeSlices(*r.policy, table, pred.scores, bopt, ci, data_path, &ev.slices));
  ev.threshold = bopt.threshold;
  ev.pos_label = bopt.pos_label;
  ev.y_true = table.columns[0];
  ev.scores.assign(pred.scores.begin(), pred.scores.end());
  r.evaluation = std::move(ev);
  r.log_metric_checks = logs::CompareWithRecomputed(*r.logs, &j, r.evaluation->metrics.values);

  // 6-7. Policy and decision.
  clock.Begin("policy");
  evidence.metrics = r.evaluation->metrics;
  evidence.eval_data_sha256 = r.evaluation->data_sha256;
  for (const auto& sl : r.evaluation->slices) evidence.slices.push_back({sl.column, sl.value, sl.metrics});
  evidence.logs = LogEvidence(r.log_metric_checks);
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
