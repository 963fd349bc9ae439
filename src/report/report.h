// The report: everything one validation found, and its serialisations.
//
// Contract:
//  - A Report is plain data assembled by the pipeline; nothing outside report/ knows an output
//    format. Every section except `decision` is optional: each renderer copes with any subset
//    (a failed job has a job and a log tail; an approved run has everything).
//  - One Report renders to every format: ToJson (`modelgate.report/v1`, docs/report.md, stable
//    key order), ToSageMakerEvaluation (SageMaker's model quality evaluation.json for
//    Pipelines' JsonGet), RenderTable (terminal), RenderMarkdown, RenderJunit, RenderHtml (one
//    self-contained page, inline SVG plots, no network at view time).
//  - Non-finite numbers never become invalid JSON: they are the strings "NaN", "Infinity",
//    "-Infinity".
//  - WriteReportDir writes all formats (kReportFiles) atomically (each file is whole or
//    absent); the directory must have been checked writable before the work started.
#pragma once

#include <optional>
#include <string>
#include <vector>

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
  // Per-row labels and positive-class scores (binary), kept for the ROC / PR / calibration
  // curves. Empty: the curves are omitted from every format.
  std::vector<double> y_true;
  std::vector<double> scores;
  double threshold = 0.5;
  double pos_label = 1;
};

// Something worth a reviewer's attention about the artifact: pickle::Finding as plain text
// (pickle::SeverityName / FindingKindName), so report/ needs no pickle dependency.
struct Finding {
  std::string severity;  // "info" | "low" | "medium" | "high" | "critical"
  std::string kind;      // "safety" | "structure"
  std::string member;    // archive member it concerns; empty when none
  std::string detail;    // one line for a human
};

// Wall time of one pipeline stage ("job", "artifact", "logs", "model", "metrics", "policy").
struct StageTiming {
  std::string stage;
  double seconds = 0;
};

struct Report {
  std::string decision = "error";  // "approved" | "rejected" | "error"
  Status error;                     // why the decision is "error"
  std::optional<job::JobRecord> job;
  std::optional<artifact::ArtifactReport> artifact;  // model_bytes are not serialised
  std::vector<Finding> findings;
  std::optional<logs::LogMetrics> logs;
  std::vector<std::string> log_tail;  // the lines that matter, for a failed job
  // Job/logs stage (src/job/diagnosis.h, src/logs/anomalies.h, src/logs/agreement.h):
  std::optional<job::Diagnosis> diagnosis;          // why it failed, or a Completed job's red flags
  std::vector<logs::Anomaly> log_anomalies;         // NaN, divergence, overfitting, plateau, early stop
  std::vector<logs::MetricAgreement> log_metric_checks;  // log validation metric vs recomputed
  std::optional<Evaluation> evaluation;
  std::optional<policy::Policy> policy;
  std::optional<policy::Decision> checks;
  std::vector<StageTiming> timings;
};

// Output formats. kTable is the terminal rendering.
enum class Format { kTable, kJson, kMarkdown, kJunit, kHtml, kEvaluation };
// "table" | "json" | "md" | "junit" | "html" | "evaluation"; nullopt for anything else.
std::optional<Format> ParseFormat(const std::string& name);

struct TableOptions {
  bool color = false;    // ANSI colours (the caller decides: TTY and no NO_COLOR)
  bool verbose = false;  // add each stage's timing
};

nlohmann::ordered_json ToJson(const Report& r);
nlohmann::ordered_json ToSageMakerEvaluation(const Report& r);
std::string RenderTable(const Report& r, const TableOptions& options);
inline std::string RenderTable(const Report& r, bool color) { return RenderTable(r, TableOptions{color, false}); }
// One line: "Decision: approved — ..." (what -q prints).
std::string RenderVerdictLine(const Report& r, bool color);
std::string RenderMarkdown(const Report& r);
std::string RenderJunit(const Report& r);
std::string RenderHtml(const Report& r);
// Any format as text (JSON formats pretty-printed, newline-terminated).
std::string Render(const Report& r, Format f, const TableOptions& table_options = {});

// File names WriteReportDir writes, in order.
inline constexpr const char* kReportFiles[] = {"report.json", "evaluation.json", "report.md", "junit.xml",
                                               "report.html"};
Status WriteReportDir(const Report& r, const std::string& dir);

}  // namespace mg::report
