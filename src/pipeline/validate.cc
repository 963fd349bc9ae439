#include "pipeline/validate.h"

#include <deque>
#include <fstream>

#include <re2/re2.h>

#include "core/sha256.h"
#include "data/csv.h"
#include "model/model.h"

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

Status Run(const ValidateOptions& opt, report::Report& r) {
  // Policy first: a bad policy must stop before any work.
  const auto& names = metrics::BinaryMetricNames();
  if (opt.policy.empty()) {
    r.policy = policy::DefaultPolicy(names);
  } else {
    MG_ASSIGN_OR_RETURN(r.policy, policy::LoadPolicy(opt.policy, names));
  }

  // 1. Job.
  MG_ASSIGN_OR_RETURN(r.job, job::LoadJobFolder(opt.job));
  const job::JobRecord& j = *r.job;
  switch (j.status) {
    case job::JobStatus::kCompleted: break;
    case job::JobStatus::kFailed:
      r.log_tail = LogTail(j.log_paths, 15);
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

  // 4. Model + data. The loader picks the format by content; a pickle (scikit-learn estimator,
  // pickled Booster) is rebuilt natively from the static pickle VM's graph, never executed.
  MG_ASSIGN_OR_RETURN(std::unique_ptr<model::Model> m,
                      model::LoadModelBytes(r.artifact->model_bytes, j.artifact_path + ":" + r.artifact->model_member));
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
  if (!pred.probabilities)
    return Status::Input(m->description() + " gives decision values, not probabilities; validate needs probabilities");

  // 5. Metrics.
  if (m->task() != model::TaskKind::kBinary)
    return Status::Input(std::string("the model's task is ") + model::TaskKindName(m->task()) +
                         "; this version of validate evaluates binary classifiers");
  metrics::BinaryOptions bopt;
  bopt.threshold = opt.threshold;
  report::Evaluation ev;
  ev.data_path = data_path;
  MG_ASSIGN_OR_RETURN(ev.data_sha256, Sha256File(data_path));
  ev.model_framework = m->framework();
  ev.model_description = m->description();
  MG_ASSIGN_OR_RETURN(ev.metrics, metrics::ComputeBinary(table.columns[0], pred.scores, bopt));
  r.evaluation = std::move(ev);

  // 6-7. Policy and decision.
  r.checks = policy::Decide(*r.policy, r.evaluation->metrics);
  r.decision = r.checks->approved ? "approved" : "rejected";
  return Status::Ok();
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
