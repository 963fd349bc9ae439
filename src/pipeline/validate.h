// The validate pipeline: job -> artifact -> logs -> model -> metrics -> policy -> decision.
//
// Contract:
//  - RunValidate always returns a Report (never throws). When a stage cannot go on, the report's
//    decision is "error" and report.error carries the Status (its code is the exit code: 2 for
//    bad input, 3 for a job that is not usable), with everything found up to that stage.
//  - The policy is loaded and checked before any other work, so a bad policy costs nothing.
//  - report.timings holds the wall time of every stage that started (plain data for -v).
//  - Exit code of a finished run: 0 approved, 1 rejected. A model artifact that is a pickle or a
//    model that does not load is a rejection (stage checks artifact_safe / model_loads), not an
//    error; a job that did not complete is an error (exit 3) unless the policy's
//    `job_completed: warn|off` lets a Stopped or Failed job with an artifact be judged.
//  - The decision (report.checks) carries the registry status a pass gets (policy on_pass).
#pragma once

#include <optional>
#include <functional>
#include <string>
#include <vector>

#include "policy/decide.h"
#include "report/report.h"

namespace mg::pipeline {

struct ValidateOptions {
  std::string job;          // job folder, describe-training-job JSON, or sagemaker:NAME
  std::vector<std::string> log_paths;  // --log: logs of a describe JSON (default: beside it)
  std::string rules;        // --rules: extra diagnosis rules (YAML)
  std::string data;         // eval CSV; empty: the job's data/test.csv
  std::string policy;       // YAML policy; empty: the default policy
  double threshold = 0.5;   // decision threshold on the positive-class probability
  std::optional<metrics::CiOptions> ci;  // set: confidence intervals for every metric
  // Called as each stage starts (index 0-based, of total); for progress display. May be empty.
  std::function<void(const std::string& stage, int index, int total)> on_stage;
  // The latest Approved version of the model group (from the registry); absent: none yet, and
  // the policy's max_drop / max_relative_drop checks are skipped.
  std::optional<policy::Baseline> baseline;
  // Metric names a policy may use; empty: metrics::BinaryMetricNames().
  std::vector<std::string> metric_names;
};

report::Report RunValidate(const ValidateOptions& options);

// 0 approved, 1 rejected, else the error's exit code.
int ExitCode(const report::Report& r);

}  // namespace mg::pipeline
