// The validate pipeline: job -> artifact -> logs -> model -> metrics -> policy -> decision.
//
// Contract:
//  - RunValidate always returns a Report (never throws). When a stage cannot go on, the report's
//    decision is "error" and report.error carries the Status (its code is the exit code: 2 for
//    bad input, 3 for a job that is not usable), with everything found up to that stage.
//  - The policy is loaded and checked before any other work, so a bad policy costs nothing.
//  - Exit code of a finished run: 0 approved, 1 rejected.
#pragma once

#include <string>
#include <vector>

#include "report/report.h"

namespace mg::pipeline {

struct ValidateOptions {
  std::string job;          // job folder, describe-training-job JSON, or sagemaker:NAME
  std::vector<std::string> log_paths;  // --log: logs of a describe JSON (default: beside it)
  std::string rules;        // --rules: extra diagnosis rules (YAML)
  std::string data;         // eval CSV; empty: the job's data/test.csv
  std::string policy;       // YAML policy; empty: the default policy
  double threshold = 0.5;   // decision threshold on the positive-class probability
};

report::Report RunValidate(const ValidateOptions& options);

// 0 approved, 1 rejected, else the error's exit code.
int ExitCode(const report::Report& r);

}  // namespace mg::pipeline
