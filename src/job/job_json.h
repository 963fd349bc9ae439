// JSON views of job-stage data, shared by `status`, `jobs` and the validate report.
//
// Contract: plain serialisation with a stable key order; no I/O, never fails. Times are kept
// as SageMaker printed them; durations are seconds (null when unknown).
#pragma once

#include <nlohmann/json.hpp>

#include "job/diagnosis.h"
#include "job/job.h"

namespace mg::job {

nlohmann::ordered_json DiagnosisToJson(const Diagnosis& d);
// name, status, secondary_status, created, ended, duration_seconds, billable_seconds, ...
nlohmann::ordered_json JobSummaryToJson(const JobRecord& j);
// The summary plus timeline, instance, hyperparameters, artifact, channels, final metrics.
nlohmann::ordered_json JobDetailToJson(const JobRecord& j);

}  // namespace mg::job
