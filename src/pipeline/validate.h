// The validate pipeline: job -> artifact -> logs -> model -> metrics -> policy -> decision.
//
// Contract:
//  - RunValidate always returns a Report (never throws). When a stage cannot go on, the report's
//    decision is "error" and report.error carries the Status (its code is the exit code: 2 for
//    bad input, 3 for a job that is not usable), with everything found up to that stage.
//  - The policy is loaded and checked before any other work, so a bad policy costs nothing.
//  - Exit code of a finished run: 0 approved, 1 rejected.
//  - report.timings holds the wall time of every stage that started (plain data for -v).
#pragma once

#include <optional>
#include <functional>
#include <string>

#include "report/report.h"

namespace mg::pipeline {

struct ValidateOptions {
  std::string job;          // job folder
  std::string data;         // eval CSV; empty: the job's data/test.csv
  std::string policy;       // YAML policy; empty: the default policy
  double threshold = 0.5;   // decision threshold on the positive-class probability
  std::optional<metrics::CiOptions> ci;  // set: confidence intervals for every metric
  // Called as each stage starts (index 0-based, of total); for progress display. May be empty.
  std::function<void(const std::string& stage, int index, int total)> on_stage;
};

report::Report RunValidate(const ValidateOptions& options);

// 0 approved, 1 rejected, else the error's exit code.
int ExitCode(const report::Report& r);

}  // namespace mg::pipeline
