// Helpers shared by the job commands (jobs, status, logs): opening a job, reading its logs,
// diagnosing it, and rendering a diagnosis as text.
//
// Contract: OpenAndLoad opens a job source (job/source.h) and parses its description;
// Inspect reads the logs once and runs the diagnosis that fits the job's status (Diagnose for
// Failed/Stopped/Stopping, CheckCompleted for Completed, none for InProgress).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "job/diagnosis.h"
#include "job/source.h"
#include "logs/joblogs.h"

namespace mg::cli {

struct InspectedJob {
  std::unique_ptr<job::JobSource> source;
  job::JobRecord record;
  logs::JobLogs logs;
  std::optional<job::Diagnosis> diagnosis;
};

struct InspectOptions {
  std::vector<std::string> log_paths;  // --log
  std::string rules_path;              // --rules
  logs::JobLogsOptions logs;
};

Result<InspectedJob> Inspect(const std::string& spec, const InspectOptions& options);

// Multi-line text block ("Diagnosis: ..."), every line indented by `indent`.
std::string RenderDiagnosis(const job::Diagnosis& d, const std::string& indent);

}  // namespace mg::cli
