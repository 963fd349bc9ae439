// Rendering of policy checks, shared by the report formats (table, JSON, and others).
//
// Contract:
//  - Pure functions of a policy::Check / policy::Decision (plain data); no I/O.
//  - CheckRow gives the seed's columns (Metric | Value | Required threshold | Conclusion) plus
//    Baseline and Delta, which are empty when the check compared nothing with a baseline.
//  - CheckJson is one element of report.json's "checks" array (documented in docs/policy.md).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "policy/policy.h"

namespace mg::report {

struct CheckRow {
  std::string metric;      // "AUC-ROC (95% CI lower bound)", "Recall (region=EU)", "job_completed"
  std::string value;       // "0.9123", "Completed", "missing", "—"
  std::string threshold;   // "> 0.9", "drop ≤ 0.01"
  std::string conclusion;  // "✅ Passed" | "❌ Failed" | "⚠️ Warning" | "⏭️ Skipped"
  std::string baseline;    // "0.9300 (v3)" or empty
  std::string delta;       // "-0.0300" or empty
};

CheckRow FormatCheck(const policy::Check& c);
// "✅", "❌", "⚠️", "⏭️".
const char* OutcomeSymbol(policy::Outcome o);
nlohmann::ordered_json CheckJson(const policy::Check& c);
// The decision's next steps, one "  - step" line each under a heading ("Next:" / "To change:").
std::string NextStepsText(const policy::Decision& d);

}  // namespace mg::report
