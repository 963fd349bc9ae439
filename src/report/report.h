// The report: everything one validation found, and its serialisations.
//
// Contract:
//  - A Report is plain data assembled by the pipeline; nothing outside report/ knows an output
//    format.
//  - ToJson produces the documented `modelgate.report/v1` schema (docs/report.md) with a stable
//    key order; ToSageMakerEvaluation produces SageMaker's model quality `evaluation.json`
//    (binary_classification_metrics.<metric>.value, ...) for Pipelines' JsonGet.
//  - WriteReportDir writes report.json and evaluation.json atomically (each file is whole or
//    absent); the directory must have been checked writable before the work started.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "artifact/artifact.h"
#include "core/status.h"
#include "job/diagnosis.h"
#include "job/job.h"
#include "logs/agreement.h"
#include "logs/anomalies.h"
#include "logs/logs.h"
#include "metrics/metrics.h"
#include "policy/policy.h"

namespace mg::report {

// Metrics on the rows of the eval data whose `column` equals `value`.
struct Slice {
  std::string column;
  std::string value;
  metrics::MetricSet metrics;
};

struct Evaluation {
  std::vector<Slice> slices;
  std::string data_path;
  std::string data_sha256;
  std::string model_framework;
  std::string model_description;
  metrics::MetricSet metrics;
};

struct Report {
  std::string decision = "error";  // "approved" | "rejected" | "error"
  Status error;                     // why the decision is "error"
  std::optional<job::JobRecord> job;
  std::optional<artifact::ArtifactReport> artifact;  // model_bytes are not serialised
  std::optional<logs::LogMetrics> logs;
  std::vector<std::string> log_tail;  // the lines that matter, for a failed job
  // Job/logs stage (src/job/diagnosis.h, src/logs/anomalies.h, src/logs/agreement.h):
  std::optional<job::Diagnosis> diagnosis;          // why it failed, or a Completed job's red flags
  std::vector<logs::Anomaly> log_anomalies;         // NaN, divergence, overfitting, plateau, early stop
  std::vector<logs::MetricAgreement> log_metric_checks;  // log validation metric vs recomputed
  std::optional<Evaluation> evaluation;
  std::optional<policy::Policy> policy;
  std::optional<policy::Decision> checks;
};

nlohmann::ordered_json ToJson(const Report& r);
nlohmann::ordered_json ToSageMakerEvaluation(const Report& r);

// The seed's decision table (Metric | Value | Required threshold | Conclusion) and the verdict
// line, for a terminal (color) or a pipe.
std::string RenderTable(const Report& r, bool color);

Status WriteReportDir(const Report& r, const std::string& dir);

}  // namespace mg::report
