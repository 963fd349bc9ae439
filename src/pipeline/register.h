// The registry side of `validate --register GROUP`: the baseline before, the record after.
//
// Contract:
//  - LoadBaseline returns the latest Approved version of the group as the policy's Baseline
//    (label "vN", its metrics, its eval-data sha256), or nullopt when the group has none yet
//    (or does not exist): the policy then reports baseline comparisons as skipped.
//  - RecordDecision registers the judged model as a new version of the group, in one
//    transaction: status = the decision's registry status (the policy's on_pass when approved,
//    Rejected otherwise) with the failed checks as the reason, the artifact URI and sha256, the
//    job name and image, the eval data's sha256, the metrics, the policy text and the full
//    report. A report whose decision is "error" is not recorded (Input error).
#pragma once

#include <optional>
#include <string>

#include "core/status.h"
#include "policy/decide.h"
#include "registry/registry.h"
#include "report/report.h"

namespace mg::pipeline {

Result<std::optional<policy::Baseline>> LoadBaseline(registry::Registry& reg, const std::string& group);

Result<int64_t> RecordDecision(registry::Registry& reg, const std::string& group, const report::Report& r,
                               const std::string& who);

}  // namespace mg::pipeline
